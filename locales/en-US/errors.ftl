### Error-code catalog, locale en-US, translated from zh-CN.
###
### Above each message, `# source:` records the zh-CN text it was translated from;
### errbook compares it with the source to find stale translations. Leave it as it is.
### `# untranslated`: the message still shows the source text. Translate it, then delete that line.
### `# stale, source was:`: the source text changed. Update the translation, then delete that line.

# source: 错误码
errbook-title = Error codes

# source: 描述系统返回的错误码含义。
errbook-intro = This page describes the error codes that the system returns.

# source: 错误码
errbook-column-code = Error code

# source: 错误码说明
errbook-column-message = Description

# source: HTTP 解析错误 ，请检查 HTTP 请求 URL 格式。
error-60002 = HTTP parsing error. Check the format of the HTTP request URL.

# source: HTTP 请求 JSON 解析错误，请检查 JSON 格式 。
error-60003 = JSON parsing error in the HTTP request. Check the JSON format.

# source: 请求 URL 或 JSON 包体中帐号或签名错误 。
error-60004 = The account or signature in the request URL or JSON body is incorrect.

# source: 请求 URL 或 JSON 包体中帐号或签名错误 。
error-60005 = The account or signature in the request URL or JSON body is incorrect.

# source: AppId 失效，请核对 AppId 有效性 。
error-60006 = The AppId is invalid or has expired. Verify the AppId.

# source: rest 接口调用频率超过限制，请降低请求频率 。
error-60007 = The REST API request rate exceeds the limit. Reduce the request rate.

# source: 服务请求超时或 HTTP 请求格式错误，请检查并重试 。
error-60008 = The service request timed out or the HTTP request format is incorrect. Check the request and try again.

# source: 请求资源错误，请检查请求 URL。
error-60009 = The requested resource is incorrect. Check the request URL.

# source: 请求需要 App 管理员权限，请检查接口调用权限。
error-60010 = The request requires app administrator permission. Check your permission to call the API.

# source: appid 请求频率超限，请降低请求频率。
error-60011 = The request rate for the AppId exceeds the limit. Reduce the request rate.

# source: REST 接口需要带 SDKAppID，请检查请求 URL 中的 SDKAppID。
error-60012 = REST API requests must include the SDKAppID. Check the SDKAppID in the request URL.

# source: HTTP 响应包 JSON 解析错误。
error-60013 = JSON parsing error in the HTTP response.

# source: 置换 ID 超时。
error-60014 = ID exchange timed out.

# source: 请求包体帐号类型错误，请确认帐号为字符串格式。
error-60015 = The account type in the request body is incorrect. Make sure that the account is a string.

# source: 系统错误，请联系客服。
error-100001 = System error. Contact support.

# source: 请求包参数填写错误。
error-100002 = The request parameters are incorrect.

# source: 机器人 ID 信息不存在。
error-100003 = The bot ID does not exist.

# source: 机器人类型非法。
error-100004 = The bot type is invalid.

# source: 操作者权限非法。
error-100005 = The caller does not have valid permissions.

# source: 传入的业务 ID（SDKAPPID）非法。
error-100006 = The specified business ID (SDKAppID) is invalid.

# source: 当前操作的机器人 ID 非法。
error-100007 = The target bot ID is invalid.

# source: 获取机器人信息失败，可能是网络波动导致，请联系客服。
error-100009 = Failed to get the bot information, possibly due to an unstable network. Contact support.

# source: 当前操作不包含在客服机器人能力集中，请联系客服。
error-100010 = The current operation is not included in the customer service bot's capability set. Contact support.

# source: 操作交互超时，请重试。
error-100011 = The operation timed out. Try again.

# source: 请求参数包含敏感词，请修改后重试。
error-100015 = The request parameters contain sensitive words. Modify them and try again.

# source: 用户信息已存在，不能重复申请开通。
error-110001 = The user information already exists. Activation cannot be requested again.

# source: 用户申请功能开通失败，请联系客服。
error-110002 = The user's request to activate the feature failed. Contact support.

# source: 用户尚未提交注册申请，或注册申请尚未通过，请关注申请审核通知。
error-110003 = The user has not submitted a registration request, or the registration request has not been approved yet. Watch for the review notification.

# source: 创建机器人数目超过上限，如需提高上限，请联系客服。
error-130001 = The number of bots created exceeds the limit. To raise the limit, contact support.

# source: 智能客服机器人 ID 已存在，不能重复创建。
error-130002 = A customer service bot with this ID already exists.

# source: 智能机器人数据后台功能异常，请重试，或联系客服帮助处理。
error-130003 = The bot data backend is malfunctioning. Try again, or contact support for help.

# source: 知识库数据条数达到上线，如需提高上限，请联系客服。
error-140001 = The number of data records in the knowledge base has reached the limit. To raise the limit, contact support.

# source: 上传数据大小超过限制，请阅读“上传知识库”章节。
error-140002 = The size of the uploaded data exceeds the limit. See the “Upload a knowledge base” section.

# source: 上传知识库文件至数据系统失败，请重试或联系客服。
error-140003 = Failed to upload the knowledge base file to the data system. Try again or contact support.

# source: 上传知识库文件至数据系统部分成功，请重试或联系客服。
error-140004 = The knowledge base file was only partially uploaded to the data system. Try again or contact support.

# source: 当前更新的知识条目不存在，请检查填写的 qaid 是否正确。
error-150001 = The knowledge base entry being updated does not exist. Check that the qaid you specified is correct.

# source: 当前删除的知识条目不存在，请检查填写的 qaid 是否正确。
error-160001 = The knowledge base entry being deleted does not exist. Check that the qaid you specified is correct.

# source: 查询答案时数据层异常，可以重试或联系客服解决。
error-180001 = A data layer exception occurred while querying the answer. To resolve it, try again or contact support.

# source: 答案精准度反馈失败，请检查 qid 和 qaid 的合法性
error-210001 = Answer accuracy feedback failed. Check that the qid and qaid are valid.

# source: 删除机器人数据层交互失败，请重试或联系客服。
error-220001 = Data layer interaction failed while deleting the bot. Try again or contact support.

# source: 修改机器人信息失败，可能是网络波动，请重试。
error-230001 = Failed to modify the bot information, possibly due to an unstable network. Try again.

# source: 发送ptt消息参数错误，请检查请求包参数是否合法。
error-240001 = The parameters for sending a PTT (push-to-talk) voice message are incorrect. Check that the request parameters are valid.

# source: 发送ptt消息,语音翻译错误。
error-240002 = A speech-to-text conversion error occurred while sending a PTT (push-to-talk) voice message.

# source: 发送ptt消息，系统错误。
error-240003 = A system error occurred while sending a PTT (push-to-talk) voice message.

# source: 发消息数达到上限。
error-250001 = The number of messages sent has reached the limit.

# source: 机器人知识库超限。
error-250002 = The bot's knowledge base exceeds the limit.

# source: 发消息服务已过期。
error-250003 = The messaging service has expired.

# source: 发消息服务未生效。
error-250004 = The messaging service is not active yet.

# source: 绑定微信失败。
error-260001 = Failed to bind the WeChat account.

# source: 解除绑定ID失败。
error-260002 = Failed to unbind the ID.

# source: 绑定公众号数量超过上限。
error-260003 = The number of bound WeChat Official Accounts exceeds the limit.

# source: 添加管理员的参数错误。
error-270001 = The parameters for adding an administrator are incorrect.

# source: 要操作的客服管理员不存在。
error-270002 = The target customer service administrator does not exist.

# source: 请求者非指定客服的管理员。
error-270003 = The requester is not an administrator of the specified customer service account.

# source: 客服没有开通管理员服务。
error-270004 = The administrator service has not been activated for customer service.

# source: 客服系统服务没有开通。
error-280001 = The customer service system has not been activated.

# source: 客服人员数量将超限。
error-280002 = The number of customer service agents would exceed the limit.

# source: 要操作的客服人员不存在。
error-280003 = The target customer service agent does not exist.

# source: 请求者不是客服人员。
error-280004 = The requester is not a customer service agent.

# source: 客服功能未开通。
error-280005 = The customer service feature has not been activated.

# source: 坐席繁忙。
error-280006 = All agents are busy.

# source: 请求者不是访客。
error-280007 = The requester is not a visitor.

# source: 操作的会话不存在。
error-280008 = The target session does not exist.

# source: 操作的会话状态非法。
error-280009 = The target session is in an invalid state.

# source: 操作的会话已关闭。
error-280010 = The target session is already closed.

# source: 操作的会话尚未结束。
error-280011 = The target session has not ended yet.

# source: 访客已经被接待了。
error-280012 = The visitor is already being attended to.

# source: 请求者无权操作。
error-280013 = The requester does not have permission to perform this operation.

# source: 非法客服状态转换。
error-280014 = The customer service agent's status transition is invalid.

# source: 客服退出失败。
error-280015 = The customer service agent failed to sign out.

# source: 工单系统没有开通。
error-290001 = The ticket system has not been activated.

# source: 请求中存在无效的工单客服。
error-290002 = The request contains an invalid ticket agent.
