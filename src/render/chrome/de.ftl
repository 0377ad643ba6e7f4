### Eingebaute Website-Texte von errbook auf Deutsch. Ein Projekt kann jeden davon einzeln in locales/<tag>/site.ftl überschreiben.

language-name = Deutsch
site-title = Fehlercode-Referenz
filter-label = Fehlercodes filtern
filter-placeholder = Code oder Stichwort eingeben
filter-hint = Filtert beim Tippen nach Code oder Beschreibung.
no-results = Kein passender Fehlercode gefunden.
did-you-mean = Vorschläge:
copy-link = Link kopieren
copy-link-to = Link zu Fehlercode { $code } kopieren
copied = Link kopiert.
jump-to-group = Zu einer Gruppe springen
languages = Sprachen
status-untranslated = Noch nicht übersetzt
status-stale = Möglicherweise veraltet
status-column = Übersetzungsstatus
source-text = Originaltext:
skip-to-content = Zum Inhalt springen
choose-language = Sprache wählen
redirecting = Weiterleitung zur Seite in der Browsersprache…
coverage = { $translated } von { $total } Fehlercodes übersetzt ({ $percent } %).
group-range = Fehlercodes { $range }
group-text = Fehlercodes { $prefix }
group-other = Sonstige Fehlercodes
not-found-title = Seite nicht gefunden
not-found-link = Zur Fehlercode-Referenz
