### String situs bawaan errbook (bahasa Indonesia). Proyek dapat menimpa tiap pesan di locales/<tag>/site.ftl.

language-name = Bahasa Indonesia
site-title = Referensi kode kesalahan
filter-label = Saring kode kesalahan
filter-placeholder = Ketik kode atau kata kunci
filter-hint = Menyaring menurut kode atau deskripsi saat Anda mengetik.
no-results = Tidak ada kode kesalahan yang cocok.
did-you-mean = Mungkin maksud Anda:
copy-link = Salin tautan
copy-link-to = Salin tautan ke kode kesalahan { $code }
copied = Tautan disalin.
jump-to-group = Lompat ke grup
languages = Bahasa
status-untranslated = Belum diterjemahkan
status-stale = Mungkin sudah usang
status-column = Status terjemahan
source-text = Teks asli:
skip-to-content = Lewati ke konten
choose-language = Pilih bahasa
redirecting = Mengarahkan Anda ke halaman dalam bahasa browser Anda…
coverage = { $translated } dari { $total } kode kesalahan telah diterjemahkan ({ $percent }%).
group-range = Kode kesalahan { $range }
group-text = Kode kesalahan { $prefix }
group-other = Kode kesalahan lainnya
not-found-title = Halaman tidak ditemukan
not-found-link = Buka referensi kode kesalahan
