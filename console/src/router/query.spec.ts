import { describe, expect, it } from 'vitest'

import { filtersFromQuery, filtersToQuery } from './query'

describe('filters in the URL', () => {
  it('keeps only the known keys with a text', () => {
    const query = { channel: 'wechat', status: '', order_no: '  X1 ', page: '2', evil: 'x', licence: ['a', 'b'] }
    expect(filtersFromQuery<{ channel?: string; status?: string; order_no?: string; licence?: string }>(
      query, ['channel', 'status', 'order_no', 'licence'])).toEqual({ channel: 'wechat', order_no: 'X1' })
  })

  it('leaves empty values out of the URL', () => {
    expect(filtersToQuery({ channel: 'alipay', status: undefined, from: '', to: '2026-12-01' }))
      .toEqual({ channel: 'alipay', to: '2026-12-01' })
  })
})
