### Error-code catalog, locale en-US, translated from zh-CN.
###
### Above each message, `# source:` records the zh-CN text it was translated from;
### errbook compares it with the source to find stale translations. Leave it as it is.
### `# untranslated`: the message still shows the source text. Translate it, then delete that line.
### `# stale, source was:`: the source text changed. Update the translation, then delete that line.
### `# review:`: a translation no one has confirmed yet. Check it, then delete that line.

# source: 对象存储错误码
errbook-title = Object storage error codes

# source: 示例应用的错误码表：文本错误码，带 HTTP 状态码。
errbook-intro = The error codes of the example app: text codes, with their HTTP status.

# source: 错误码
errbook-column-code = Code

# source: 说明
errbook-column-message = Message

# source: 处理建议
errbook-column-hint = Suggestion

# source: HTTP 状态码
errbook-column-a9b1a949 = HTTP status

# source: 访问错误
errbook-group-6a74c074 = Access errors

# source: 存储桶错误
errbook-group-6d33b2d5 = Bucket errors

# source: 没有访问该资源的权限。
# source.hint: 请检查访问策略。
error-AccessDenied = You do not have permission to access this resource.
    .hint = Check the access policy.

# source: 访问密钥 ID 不存在。
# source.hint: 请确认密钥未被删除。
error-InvalidAccessKeyId = The access key ID does not exist.
    .hint = Make sure the key has not been deleted.

# source: 存储桶不存在。
error-NoSuchBucket = The bucket does not exist.

# source: 存储桶名称已被占用。
# source.hint: 请换一个名称。
error-BucketAlreadyExists = The bucket name is already taken.
    .hint = Choose another name.

# source: 请求过于频繁。
# source.hint: 请降低请求速率后重试。
error-SlowDown = Too many requests.
    .hint = Reduce the request rate, then try again.
