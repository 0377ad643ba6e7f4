### نصوص واجهة الموقع المدمجة في errbook باللغة العربية، ويمكن للمشروع استبدال أي منها، رسالةً رسالةً، في locales/<tag>/site.ftl.

language-name = العربية
site-title = مرجع رموز الأخطاء
filter-label = تصفية رموز الأخطاء
filter-placeholder = اكتب رمزًا أو كلمة
filter-hint = تتم التصفية حسب الرمز أو الوصف أثناء الكتابة.
no-results = لا يوجد رمز خطأ مطابق.
did-you-mean = هل تقصد:
copy-link = نسخ الرابط
copy-link-to = نسخ رابط رمز الخطأ { $code }
copied = تم نسخ الرابط.
jump-to-group = الانتقال إلى مجموعة
languages = اللغات
status-untranslated = لم يُترجم بعد
status-stale = قد لا يكون محدّثًا
status-column = حالة الترجمة
source-text = النص الأصلي:
skip-to-content = الانتقال إلى المحتوى
choose-language = اختيار اللغة
redirecting = جارٍ نقلك إلى الصفحة بلغة متصفحك…
coverage = رموز الأخطاء المترجمة: { $translated } من أصل { $total } ({ $percent }%).
group-range = رموز { $range }
group-text = رموز { $prefix }
group-other = رموز أخرى
not-found-title = الصفحة غير موجودة
not-found-link = الانتقال إلى مرجع رموز الأخطاء
