import { describe, expect, it } from 'vitest'

import { csrfHeaders, needsCsrf, readCookie } from './csrf'

describe('the CSRF header', () => {
  const cookies = 'other=1; dogpass_csrf=abc123%3D; theme=dark'

  it('is sent with every request that changes something', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) {
      expect(csrfHeaders(method, cookies)).toEqual({ 'X-CSRF-Token': 'abc123=' })
    }
  })

  it('is not sent with reads', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(needsCsrf(method)).toBe(false)
      expect(csrfHeaders(method, cookies)).toEqual({})
    }
  })

  it('is left out when there is no token (signed out): the API then refuses the request', () => {
    expect(csrfHeaders('POST', 'other=1')).toEqual({})
  })

  it('reads the right cookie, not one whose name merely ends the same', () => {
    expect(readCookie('xdogpass_csrf=wrong; dogpass_csrf=right', 'dogpass_csrf')).toBe('right')
    expect(readCookie('', 'dogpass_csrf')).toBeNull()
  })
})
