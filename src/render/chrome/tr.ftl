### errbook'un yerleşik Türkçe site metinleri. Bir proje bunları locales/<tag>/site.ftl dosyasında ileti ileti geçersiz kılabilir.

language-name = Türkçe
site-title = Hata kodu referansı
filter-label = Hata kodlarını filtrele
filter-placeholder = Bir kod veya kelime yazın
filter-hint = Yazdıkça koda veya açıklamaya göre filtreler.
no-results = Eşleşen hata kodu yok.
did-you-mean = Şunu mu demek istediniz:
copy-link = Bağlantıyı kopyala
copy-link-to = { $code } hata kodunun bağlantısını kopyala
copied = Bağlantı kopyalandı.
jump-to-group = Bir gruba git
languages = Diller
status-untranslated = Henüz çevrilmedi
status-stale = Güncel olmayabilir
status-column = Çeviri durumu
source-text = Kaynak metin:
skip-to-content = İçeriğe atla
choose-language = Dil seçin
redirecting = Tarayıcınızın dilindeki sayfaya yönlendiriliyorsunuz…
coverage = Toplam { $total } hata kodundan { $translated } tanesi çevrildi (%{ $percent }).
group-range = { $range } kodları
group-text = { $prefix } kodları
group-other = Diğer kodlar
not-found-title = Sayfa bulunamadı
not-found-link = Hata kodu referansına git
