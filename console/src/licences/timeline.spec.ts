import { describe, expect, it } from 'vitest'

import { describeEntry, entryType, newestFirst, type TimelineEntry, yuan } from './timeline'

function entry(fields: Partial<TimelineEntry>): TimelineEntry {
  return { at: '2026-12-10T10:00:00+08:00', subject: 'licence', subject_id: '01J', action: 'issued', from: null,
    to: 'active', reason: null, actor_type: 'staff', actor_name: '王审核', data: {}, ...fields }
}

describe("a licence's trail in words", () => {
  it('tells the issue with its number and last valid day', () => {
    const issued = entry({ data: { licence_no: 'DP-2026-000123', expires_on: '2027-12-09' } })
    expect(describeEntry(issued)).toBe('签发犬证 DP-2026-000123，有效期至 2027-12-09')
    expect(entryType(issued)).toBe('success')
  })

  it('tells an approval that waits for a fee, and the fee paid with its channel', () => {
    expect(describeEntry(entry({ subject: 'application', action: 'approved', to: 'awaiting_payment',
      data: { amount_fen: 20000 } }))).toBe('审核通过，待缴费 200.00元')
    expect(describeEntry(entry({ subject: 'application', action: 'approved', to: 'issued' }))).toBe('审核通过')
    expect(describeEntry(entry({ subject: 'order', action: 'paid', data: { amount_fen: 10000, channel: 'alipay' } })))
      .toBe('缴费成功 100.00元（支付宝）')
  })

  it('tells a renewal from and to, a move and a cancellation', () => {
    expect(describeEntry(entry({ action: 'renewed', data: { previous_expires_on: '2027-01-01',
      expires_on: '2028-01-01' } }))).toBe('年检完成，有效期由 2027-01-01 延至 2028-01-01')
    expect(describeEntry(entry({ action: 'address_changed', data: { zone_name: '赛罕区一般管理区' } })))
      .toBe('变更住址，迁入赛罕区一般管理区')
    expect(entryType(entry({ action: 'cancelled' }))).toBe('danger')
  })

  it('shows a look at the full phone as its own, recorded step', () => {
    const look = entry({ subject: 'personal_data', action: 'revealed', data: { fields: ['phone', 'address'] } })
    expect(describeEntry(look)).toBe('查看了养犬人完整电话、住址')
    expect(entryType(look)).toBe('warning')
  })

  it('names a step it does not know by its record and action rather than hiding it', () => {
    expect(describeEntry(entry({ subject: 'order', action: 'disputed' }))).toBe('缴费：disputed')
    expect(yuan(undefined)).toBe('')
  })

  it('reads newest first without changing the answer', () => {
    const entries = [entry({ action: 'issued' }), entry({ action: 'renewed' })]
    expect(newestFirst(entries).map((e) => e.action)).toEqual(['renewed', 'issued'])
    expect(entries.map((e) => e.action)).toEqual(['issued', 'renewed'])
  })
})
