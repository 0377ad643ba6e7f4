### Textos integrados de errbook para la interfaz del sitio, en español. Un proyecto puede sustituirlos uno a uno en locales/<tag>/site.ftl.

language-name = Español
site-title = Referencia de códigos de error
filter-label = Filtrar códigos de error
filter-placeholder = Código o palabra clave
filter-hint = Filtra por código o descripción a medida que se escribe.
no-results = No hay códigos de error que coincidan.
did-you-mean = Quizás quisiste decir:
copy-link = Copiar enlace
copy-link-to = Copiar enlace al código de error { $code }
copied = Enlace copiado.
jump-to-group = Ir a un grupo
languages = Idiomas
status-untranslated = Aún sin traducir
status-stale = Puede no estar al día
status-column = Estado de la traducción
source-text = Texto original:
skip-to-content = Saltar al contenido
choose-language = Elegir idioma
redirecting = Redirigiendo a la página en el idioma del navegador…
coverage = { $translated } de { $total } códigos de error traducidos ({ $percent } %).
group-range = Códigos de error { $range }
group-text = Códigos de error { $prefix }
group-other = Otros códigos de error
not-found-title = Página no encontrada
not-found-link = Ir a la referencia de códigos de error
