### Testi integrati di errbook per l'interfaccia del sito, in italiano. Un progetto può sostituirli uno per uno in locales/<tag>/site.ftl.

language-name = Italiano
site-title = Riferimento dei codici di errore
filter-label = Filtra i codici di errore
filter-placeholder = Digita un codice o una parola chiave
filter-hint = Filtra per codice o descrizione mentre digiti.
no-results = Nessun codice di errore corrispondente.
did-you-mean = Forse cercavi:
copy-link = Copia link
copy-link-to = Copia link al codice di errore { $code }
copied = Link copiato.
jump-to-group = Vai a un gruppo
languages = Lingue
status-untranslated = Non ancora tradotto
status-stale = Potrebbe non essere aggiornato
status-column = Stato della traduzione
source-text = Testo originale:
skip-to-content = Vai al contenuto
choose-language = Scegli la lingua
redirecting = Reindirizzamento alla pagina nella lingua del browser…
coverage = Codici di errore tradotti: { $translated } su { $total } ({ $percent }%).
group-range = Codici di errore { $range }
group-text = Codici di errore { $prefix }
group-other = Altri codici di errore
not-found-title = Pagina non trovata
not-found-link = Vai al riferimento dei codici di errore
