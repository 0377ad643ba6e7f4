### Textes intégrés d'errbook pour l'interface du site, en français. Un projet peut les remplacer message par message dans locales/<tag>/site.ftl.

language-name = Français
site-title = Référence des codes d'erreur
filter-label = Filtrer les codes d'erreur
filter-placeholder = Saisir un code ou un mot-clé
filter-hint = Filtre par code ou par description au fil de la saisie.
no-results = Aucun code d'erreur ne correspond.
did-you-mean = Vouliez-vous dire :
copy-link = Copier le lien
copy-link-to = Copier le lien vers le code d'erreur { $code }
copied = Lien copié.
jump-to-group = Aller à un groupe
languages = Langues
status-untranslated = Pas encore traduit
status-stale = Peut-être obsolète
status-column = État de la traduction
source-text = Texte original :
skip-to-content = Aller au contenu
choose-language = Choisir une langue
redirecting = Redirection vers la page dans la langue de votre navigateur…
coverage = Codes d'erreur traduits : { $translated } sur { $total } ({ $percent } %).
group-range = Codes d'erreur { $range }
group-text = Codes d'erreur { $prefix }
group-other = Autres codes d'erreur
not-found-title = Page introuvable
not-found-link = Aller à la référence des codes d'erreur
