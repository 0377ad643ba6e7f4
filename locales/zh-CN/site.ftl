### Strings of the documentation site, source locale zh-CN.
### Each translated locale has a site.ftl with the same message ids; `errbook check` compares them.

language-name = 简体中文
site-title = 错误码参考
filter-label = 筛选错误码
filter-placeholder = 输入错误码或关键词，如 280006 或 会话
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

## Names of the shipped catalog's code ranges (group-<range>); a range without one uses group-range.
group-60xxx = 60xxx：REST API 请求
group-100xxx = 100xxx：系统与机器人
group-110xxx = 110xxx：开通申请
group-130xxx = 130xxx：机器人管理
group-140xxx = 140xxx：知识库上传
group-150xxx = 150xxx：知识条目更新
group-160xxx = 160xxx：知识条目删除
group-180xxx = 180xxx：答案查询
group-210xxx = 210xxx：答案精准度反馈
group-220xxx = 220xxx：机器人删除
group-230xxx = 230xxx：机器人信息修改
group-240xxx = 240xxx：PTT 消息
group-250xxx = 250xxx：发消息服务
group-260xxx = 260xxx：微信绑定
group-270xxx = 270xxx：客服管理员
group-280xxx = 280xxx：客服与会话
group-290xxx = 290xxx：工单
