import { describe, expect, it } from 'vitest'

import { buildCalendar, type OpenDay, slotProblems, weekStart } from './calendar'

const RULE = { weekdays: [2, 4, 7], book_days_ahead: 7, book_opens_hour: 9,
  slots: [{ start: '09:30', end: '11:30', capacity: 20 }, { start: '14:00', end: '16:30', capacity: 20 }] }

function listed(date: string, booked: number[], closed: string | null = null): OpenDay {
  return { date, closed: closed !== null, closed_reason: closed, booking_opens_at: '', slots: booked.map((n, i) => ({
    id: `${date}-${i}`, starts_at: `${date}T${i ? '14:00' : '09:30'}:00+08:00`,
    ends_at: `${date}T${i ? '16:30' : '11:30'}:00+08:00`, capacity: 20, remaining: 20 - n, bookable: true })) }
}

describe('the open-day calendar', () => {
  // Wednesday 2 December 2026: booking is open up to Wednesday 9 December
  const today = '2026-12-02'
  const weeks = buildCalendar({ start: weekStart(today), weeks: 3, today, rule: RULE,
    days: [listed('2026-12-01', [20, 12]), listed('2026-12-03', [5, 0]), listed('2026-12-06', [0, 0], '设备检修'),
      listed('2026-12-08', [1, 0]), listed('2026-12-12', [0])],
    closures: [{ date: '2026-12-06', reason: '设备检修', manual: true }, { date: '2026-12-15', reason: '全所消杀',
      manual: true }] })
  const day = (date: string) => weeks.flat().find((d) => d.date === date)!

  it('runs Monday to Sunday from the week of today', () => {
    expect(weekStart(today)).toBe('2026-11-30')
    expect(weeks.map((w) => w[0].date)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14'])
    expect(day('2026-12-02').isToday).toBe(true)
    expect(day('2026-12-01').past).toBe(true)
  })

  it('shows each slot booked of its capacity', () => {
    expect(day('2026-12-01').slots.map((s) => [s.start, s.booked, s.capacity])).toEqual([['09:30', 20, 20],
      ['14:00', 12, 20]])
    expect(day('2026-12-12').slots.map((s) => s.start)).toEqual(['09:30']) // a day staff added
  })

  it('marks closed days with their reason, even before their slots are made', () => {
    expect(day('2026-12-06').closed).toEqual({ reason: '设备检修', manual: true })
    expect(day('2026-12-15').closed).toEqual({ reason: '全所消杀', manual: true })
  })

  it('projects the rule beyond the booking horizon, and nothing on other weekdays', () => {
    expect(day('2026-12-10').projected).toBe(true) // Thursday, beyond 9 December
    expect(day('2026-12-10').slots.map((s) => [s.id, s.booked])).toEqual([[null, 0], [null, 0]])
    expect(day('2026-12-08').projected).toBe(false) // listed: its slots exist
    expect(day('2026-12-09').slots).toEqual([]) // Wednesday: not an open day
    expect(day('2026-12-05').slots).toEqual([]) // Saturday within the horizon, not listed: closed by the rule
  })
})

describe('slots as staff enter them', () => {
  it('accepts ordered slots and refuses overlaps, inverted times and no places', () => {
    expect(slotProblems(RULE.slots)).toBeNull()
    expect(slotProblems([])).toBe('至少设置一个时段')
    expect(slotProblems([{ start: '10:00', end: '09:00', capacity: 5 }])).toContain('结束时间应晚于开始时间')
    expect(slotProblems([{ start: '14:00', end: '16:00', capacity: 5 }, { start: '09:00', end: '14:30', capacity: 5 }]))
      .toBe('时段 09:00-14:30 与 14:00-16:00 重叠')
    expect(slotProblems([{ start: '09:00', end: '10:00', capacity: 0 }])).toContain('名额至少为1')
  })
})
