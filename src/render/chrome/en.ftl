### errbook's built-in site strings (the chrome of the reference site), English.
### A project overrides any of them in locales/<tag>/site.ftl.

# The language's own name, as the language switcher shows it.
language-name = English
# The site's title when the project's table has none.
site-title = Error code reference
# The label of the search field that filters the table of error codes.
filter-label = Filter error codes
# Placeholder text inside the search field.
filter-placeholder = Code or keyword
# Shown under the search field.
filter-hint = Matches codes and descriptions as you type.
# Shown when the filter matches nothing.
no-results = No error code matches.
# Shown above a list of similar error codes, when the filter matches nothing.
did-you-mean = Did you mean:
# A button that copies the link to one error code's row.
copy-link = Copy link
# The same button's accessible name; $code is the error code, such as 280006.
copy-link-to = Copy link to error code { $code }
# Shown under the search field, and read out by screen readers, after a link was copied.
copied = Link copied.
# The heading of the list of links to the groups of codes; on a site split into several pages, also a link back to that list.
jump-to-group = Jump to a group
# The label of the language switcher.
languages = Languages
# A mark on an entry that still shows the source (usually Chinese) text.
status-untranslated = Not yet translated
# A mark on a translation made from an older source text.
status-stale = May be out of date
# The header of the column that holds those marks, in the Markdown version of a page.
status-column = Translation status
# Labels the current source (usually Chinese) text, shown under a translation that may be out of date; it comes right before that text, so it ends with a colon.
source-text = Source text:
# A link for keyboard and screen-reader users that skips the navigation.
skip-to-content = Skip to content
# The heading above the list of languages on the site's root page.
choose-language = Choose a language
# Shown for a moment on the root page while it redirects to the reader's language.
redirecting = Redirecting to your browser's language…
# $translated and $total are counts of error codes; $percent is a number from 0 to 100, with at most one decimal (87.5).
coverage = Error codes translated: { $translated } of { $total } ({ $percent }%).
# The heading of a group of codes named by their range; $range is like "60xxx".
group-range = { $range } codes
# The heading of a group of codes that share a prefix; $prefix is like "FailedOperation".
group-text = { $prefix } codes
# The heading of the codes that fit no group.
group-other = Other codes
# The title and heading of the page shown for an address the site does not have.
not-found-title = Page not found
# A link from that page to the error code reference in the reader's language.
not-found-link = Go to the error code reference
