### Textos de interface do site incluídos no errbook, em português. Um projeto pode substituí-los, mensagem a mensagem, em locales/<tag>/site.ftl.

language-name = Português
site-title = Referência de códigos de erro
filter-label = Filtrar códigos de erro
filter-placeholder = Insira um código ou uma palavra
filter-hint = Filtra por código ou descrição à medida que escreve.
no-results = Nenhum código de erro encontrado.
did-you-mean = Quis dizer:
copy-link = Copiar link
copy-link-to = Copiar link para o código de erro { $code }
copied = Link copiado.
jump-to-group = Ir para um grupo
languages = Idiomas
status-untranslated = Ainda não traduzido
status-stale = Pode estar desatualizado
status-column = Estado da tradução
source-text = Texto original:
skip-to-content = Ir para o conteúdo
choose-language = Escolher idioma
redirecting = Vai ser redirecionado para a página no idioma do seu navegador…
coverage = { $translated } de { $total } códigos de erro traduzidos ({ $percent }%).
group-range = Códigos { $range }
group-text = Códigos { $prefix }
group-other = Outros códigos
not-found-title = Página não encontrada
not-found-link = Ir para a referência de códigos de erro
