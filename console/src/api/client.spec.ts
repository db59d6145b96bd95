import { describe, expect, it, vi } from 'vitest'

import { call, callPage, onApiError } from './client'
import { ApiError } from './errors'

const answer = <T>(status: number, body: unknown, headers: Record<string, string> = {}) => ({
  data: status < 400 ? (body as T) : undefined,
  error: status < 400 ? undefined : body,
  response: new Response(null, { status, headers }),
})

describe('call', () => {
  it('hands back the data of a success', async () => {
    await expect(call(Promise.resolve(answer(200, { ok: true })))).resolves.toEqual({ ok: true })
  })

  it('throws the API’s error and tells the global handlers (401 → login)', async () => {
    const heard = vi.fn()
    onApiError(heard)
    const refused = call(Promise.resolve(answer(401, { error: { code: 'session_idle', message: '长时间未操作' } })))
    await expect(refused).rejects.toMatchObject({ status: 401, code: 'session_idle', message: '长时间未操作' })
    expect(heard).toHaveBeenCalledTimes(1)
    expect(heard.mock.calls[0][0]).toBeInstanceOf(ApiError)
  })

  it('keeps the start-up session check’s 401 to itself (signed out is not an error)', async () => {
    const heard = vi.fn()
    onApiError(heard)
    await expect(call(Promise.resolve(answer(401, null)), { notify: false })).rejects.toBeInstanceOf(ApiError)
    expect(heard).not.toHaveBeenCalled()
  })

  it('turns a dropped connection into a Chinese network error', async () => {
    await expect(call(Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({
      code: 'network_error', message: '网络连接失败，请检查网络后重试' })
  })

  it('reads the total of a page from X-Total-Count', async () => {
    const page = await callPage(Promise.resolve(answer<{ id: string }[]>(200, [{ id: 'a' }], { 'X-Total-Count': '1000' })))
    expect(page).toEqual({ items: [{ id: 'a' }], total: 1000 })
  })
})
