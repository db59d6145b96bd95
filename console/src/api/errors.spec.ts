import { describe as group, expect, it } from 'vitest'

import { actionFor, ApiError, describe, networkError, toApiError } from './errors'

group('toApiError', () => {
  it('keeps the API’s own Chinese message and code', () => {
    const error = toApiError(409, { error: { code: 'application_not_pending', message: '该申请不在待审核状态', details: {} } })
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(409)
    expect(error.code).toBe('application_not_pending')
    expect(error.message).toBe('该申请不在待审核状态')
  })

  it('gives a Chinese message when the answer has none (a proxy’s page, an empty body)', () => {
    expect(toApiError(403, '<html>Forbidden</html>').message).toBe('您的岗位无权执行此操作')
    expect(toApiError(409, null).message).toBe('记录状态已变化，请刷新后重试')
    expect(toApiError(502, undefined).message).toBe('服务器繁忙，请稍后再试')
    expect(toApiError(418, {}).message).toBe('请求失败（418）')
    expect(networkError().message).toContain('网络')
  })
})

group('describe', () => {
  it('names each bad field of a 422 in Chinese', () => {
    const error = toApiError(422, {
      error: { code: 'validation_failed', message: '提交的内容有误', details: { new_password: '至少8位', 'query.q': '过长' } },
    })
    expect(describe(error)).toBe('提交的内容有误（新密码：至少8位；搜索：过长）')
  })

  it('shows other errors as the API wrote them', () => {
    const error = toApiError(409, { error: { code: 'vaccination_invalid', message: '狂犬疫苗免疫已过期，请驳回该申请' } })
    expect(describe(error)).toBe('狂犬疫苗免疫已过期，请驳回该申请')
  })
})

group('actionFor', () => {
  it('sends a 401 to the login page and a role refusal to the 403 page', () => {
    expect(actionFor(toApiError(401, { error: { code: 'session_idle', message: '长时间未操作' } }))).toBe('sign-in')
    expect(actionFor(toApiError(403, { error: { code: 'role_required', message: '无权' } }))).toBe('forbidden')
    expect(actionFor(toApiError(403, { error: { code: 'csrf_failed', message: '校验失败' } }))).toBe('message')
    expect(actionFor(toApiError(403, { error: { code: 'password_change_required', message: '须先修改密码' } })))
      .toBe('change-password')
    expect(actionFor(toApiError(422, null))).toBe('message')
  })
})
