### Error-code catalog, locale en-US, translated from zh-CN.
###
### Above each message, `# source:` records the zh-CN text it was translated from;
### errbook compares it with the source to find stale translations. Leave it as it is.
### `# untranslated`: the message still shows the source text. Translate it, then delete that line.
### `# stale, source was:`: the source text changed. Update the translation, then delete that line.

# source: 错误码
errbook-title = Error codes

# source: 示例服务的错误码，含有需要转义的文字。
errbook-intro = Error codes of the example service, with text that needs escaping.

# source: 错误码
errbook-column-code = Error code

# source: 说明
errbook-column-message = Description

# source: 处理建议
errbook-column-hint = What to do

# source: 通用错误码
errbook-group-20f10f61 = Common error codes

# source: 会话错误码
errbook-group-4a18b9cd = Session error codes

# untranslated
# source: 参数 <script>window.__pwned = 1</script> 非法。
# source.hint: 检查 a|b 与 星号。
error-1001 = 参数 <script>window.__pwned = 1</script> 非法。
    .hint = 检查 a|b 与 星号。

# untranslated
# source: 签名错误 | 过期。
error-1002 = 签名错误 | 过期。

# source: 服务器内部错误。
# source.hint: 稍后重试。
error-1003 = Internal server error.
    .hint = Try again later.

# stale, source was: 坐席忙。
# source: 坐席繁忙。
error-280006 = All agents are busy.

# untranslated
# source: 操作的会话不存在。
error-280008 = 操作的会话不存在。
