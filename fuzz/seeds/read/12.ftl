### Strings of the documentation site, locale en-US.

language-name = English
site-title = Error code reference
filter-label = Filter error codes
filter-placeholder = Type a code or a word, e.g. 280006 or session
filter-hint = Filters by code or description as you type.
no-results = No error code matches.
did-you-mean = Did you mean:
copy-link = Copy link
copy-link-to = Copy the link to error code { $code }
copied = Link copied.
jump-to-group = Jump to a group
languages = Languages
status-untranslated = Not yet translated
status-stale = May be out of date
status-column = Translation status
source-text = Source text
skip-to-content = Skip to content
choose-language = Choose a language
redirecting = Taking you to the page in your browser's language…
coverage = { $translated } of { $total } error codes translated ({ $percent }%).
group-range = { $range } codes
group-text = { $prefix } codes
group-other = Other codes
