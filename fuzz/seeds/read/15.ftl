### Error-code catalog, locale en-US, translated from zh-CN.
###
### Above each message, `# source:` records the zh-CN text it was translated from;
### errbook compares it with the source to find stale translations. Leave it as it is.
### `# untranslated`: the message still shows the source text. Translate it, then delete that line.
### `# stale, source was:`: the source text changed. Update the translation, then delete that line.

# Glossary: "signature" means the request signature (UserSig).

-product = Example Service

# source: 错误码
errbook-title = Error codes

# source: 示例服务返回的错误码。
errbook-intro = Error codes returned by { -product }.

# source: 错误码
errbook-column-code = Error code
# source: 说明
errbook-column-message = Description
# source: 处理建议
errbook-column-hint = What to do

# source: 通用错误码
errbook-group-20f10f61 = Common error codes
# source: 业务错误码
errbook-group-5948b51f = Business error codes


# Reviewed by Alice.
# source: 参数错误。
# source.hint: 检查请求参数。
error-1001 = Invalid parameter.
    .hint = Check the request parameters.

# source: 签名错误。
error-1002    =    Invalid   signature.

# source: 服务器内部错误。
# source.hint: 稍后重试。
error-1003 = Internal server error.
    .hint = Try again later.

# Keep "resource" lowercase.
# source: 资源不存在。
error-FailedOperation_NotFound =
    The resource
    does not exist.
