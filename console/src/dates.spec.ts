import { describe, expect, it } from 'vitest'

import { addDays, daysBetween, isoWeekday, todayInShanghai } from './dates'

describe('dates of the city', () => {
  it('is already tomorrow in Beijing at 17:00 UTC', () => {
    expect(todayInShanghai(new Date('2026-12-01T17:00:00Z'))).toBe('2026-12-02')
    expect(todayInShanghai(new Date('2026-12-01T15:59:00Z'))).toBe('2026-12-01')
  })

  it('counts days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3)
    expect(daysBetween('2027-01-02', '2026-12-30')).toBe(-3)
  })

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday('2026-12-07')).toBe(1)
    expect(isoWeekday('2026-12-13')).toBe(7)
  })
})
