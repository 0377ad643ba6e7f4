### errbook 内置的站点界面文字（简体中文）。项目可在 locales/<tag>/site.ftl 中逐条覆盖。

language-name = 简体中文
site-title = 错误码参考
filter-label = 筛选错误码
filter-placeholder = 输入错误码或关键词
filter-hint = 按错误码或说明文字筛选，输入时即时生效。
no-results = 没有匹配的错误码。
did-you-mean = 您要找的是不是：
copy-link = 复制链接
copy-link-to = 复制链接：错误码 { $code }
copied = 已复制链接。
jump-to-group = 按分组跳转
languages = 语言
status-untranslated = 尚未翻译
status-stale = 可能已过时
status-column = 翻译状态
source-text = 原文：
skip-to-content = 跳到正文
choose-language = 选择语言
redirecting = 正在根据浏览器语言跳转…
coverage = 已翻译 { $translated }/{ $total } 个错误码（{ $percent }%）。
group-range = { $range } 错误码
group-text = { $prefix } 错误码
group-other = 其他错误码
not-found-title = 找不到页面
not-found-link = 前往错误码参考
