### Strings of the documentation site, locale en-US.

language-name = English
site-title = Error code reference
filter-label = Filter error codes
filter-placeholder = Code or keyword, for example 280006 or session
filter-hint = Matches codes and descriptions as you type.
no-results = No error code matches.
did-you-mean = Did you mean:
copy-link = Copy link
copy-link-to = Copy link to error code { $code }
copied = Link copied.
jump-to-group = Jump to a group
languages = Languages
status-untranslated = Not yet translated
status-stale = May be out of date
status-column = Translation status
source-text = Source text:
skip-to-content = Skip to content
choose-language = Choose a language
redirecting = Redirecting to your browser's language…
coverage = { $translated } of { $total } error codes translated ({ $percent }%).
group-range = { $range } codes
group-text = { $prefix } codes
group-other = Other codes

## Names of the shipped catalog's code ranges.
group-60xxx = 60xxx: REST API requests
group-100xxx = 100xxx: System and bots
group-110xxx = 110xxx: Activation requests
group-130xxx = 130xxx: Bot management
group-140xxx = 140xxx: Knowledge base uploads
group-150xxx = 150xxx: Knowledge base entry updates
group-160xxx = 160xxx: Knowledge base entry deletions
group-180xxx = 180xxx: Answer queries
group-210xxx = 210xxx: Answer accuracy feedback
group-220xxx = 220xxx: Bot deletion
group-230xxx = 230xxx: Bot information changes
group-240xxx = 240xxx: PTT voice messages
group-250xxx = 250xxx: Messaging service
group-260xxx = 260xxx: WeChat binding
group-270xxx = 270xxx: Customer service administrators
group-280xxx = 280xxx: Customer service and sessions
group-290xxx = 290xxx: Tickets
