### errbook 內建的網站介面文字（繁體中文）。專案可在 locales/<tag>/site.ftl 中逐條覆寫。

language-name = 繁體中文
site-title = 錯誤碼參考
filter-label = 篩選錯誤碼
filter-placeholder = 輸入錯誤碼或關鍵字
filter-hint = 依錯誤碼或說明文字篩選，輸入時即時更新。
no-results = 沒有符合的錯誤碼。
did-you-mean = 您是不是要找：
copy-link = 複製連結
copy-link-to = 複製錯誤碼 { $code } 的連結
copied = 已複製連結。
jump-to-group = 跳至分組
languages = 語言
status-untranslated = 尚未翻譯
status-stale = 可能已過時
status-column = 翻譯狀態
source-text = 原文：
skip-to-content = 跳至主要內容
choose-language = 選擇語言
redirecting = 正在前往瀏覽器語言的頁面…
coverage = 共 { $total } 個錯誤碼，已翻譯 { $translated } 個（{ $percent }%）。
group-range = { $range } 錯誤碼
group-text = { $prefix } 錯誤碼
group-other = 其他錯誤碼
not-found-title = 找不到頁面
not-found-link = 前往錯誤碼參考
