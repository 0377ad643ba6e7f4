### ข้อความบนเว็บไซต์ที่มีมาในตัว errbook (ภาษาไทย) โปรเจกต์สามารถแทนที่ทีละข้อความได้ใน locales/<tag>/site.ftl

language-name = ไทย
site-title = ข้อมูลอ้างอิงรหัสข้อผิดพลาด
filter-label = กรองรหัสข้อผิดพลาด
filter-placeholder = พิมพ์รหัสหรือคำค้น
filter-hint = กรองตามรหัสหรือคำอธิบายทันทีที่คุณพิมพ์
no-results = ไม่พบรหัสข้อผิดพลาดที่ตรงกัน
did-you-mean = คุณหมายถึง:
copy-link = คัดลอกลิงก์
copy-link-to = คัดลอกลิงก์ไปยังรหัสข้อผิดพลาด { $code }
copied = คัดลอกลิงก์แล้ว
jump-to-group = ไปยังกลุ่ม
languages = ภาษา
status-untranslated = ยังไม่ได้แปล
status-stale = อาจไม่เป็นปัจจุบัน
status-column = สถานะการแปล
source-text = ข้อความต้นฉบับ:
skip-to-content = ข้ามไปยังเนื้อหาหลัก
choose-language = เลือกภาษา
redirecting = กำลังพาคุณไปยังหน้าในภาษาของเบราว์เซอร์…
coverage = แปลรหัสข้อผิดพลาดแล้ว { $translated } จาก { $total } รายการ ({ $percent }%)
group-range = รหัสข้อผิดพลาด { $range }
group-text = รหัสข้อผิดพลาด { $prefix }
group-other = รหัสข้อผิดพลาดอื่น ๆ
not-found-title = ไม่พบหน้านี้
not-found-link = ไปยังข้อมูลอ้างอิงรหัสข้อผิดพลาด
