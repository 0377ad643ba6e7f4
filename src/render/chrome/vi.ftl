### Các chuỗi giao diện trang web có sẵn của errbook (tiếng Việt). Dự án có thể ghi đè từng thông điệp trong locales/<tag>/site.ftl.

language-name = Tiếng Việt
site-title = Tra cứu mã lỗi
filter-label = Lọc mã lỗi
filter-placeholder = Nhập mã hoặc từ khóa
filter-hint = Lọc theo mã hoặc mô tả ngay khi bạn nhập.
no-results = Không có mã lỗi nào phù hợp.
did-you-mean = Có phải bạn muốn tìm:
copy-link = Sao chép liên kết
copy-link-to = Sao chép liên kết đến mã lỗi { $code }
copied = Đã sao chép liên kết.
jump-to-group = Chuyển đến nhóm
languages = Ngôn ngữ
status-untranslated = Chưa dịch
status-stale = Có thể đã lỗi thời
status-column = Trạng thái dịch
source-text = Văn bản gốc:
skip-to-content = Chuyển đến nội dung chính
choose-language = Chọn ngôn ngữ
redirecting = Đang chuyển bạn đến trang theo ngôn ngữ của trình duyệt…
coverage = Đã dịch { $translated } trên { $total } mã lỗi ({ $percent }%).
group-range = Mã lỗi { $range }
group-text = Mã lỗi { $prefix }
group-other = Mã lỗi khác
not-found-title = Không tìm thấy trang
not-found-link = Chuyển đến trang tra cứu mã lỗi
