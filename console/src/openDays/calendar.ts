// The open-day calendar of the coming weeks: the days the API lists (slots made, with booked/capacity), the closed
// days (manual and public holidays), and beyond the booking horizon the days the weekly rule will open (projected:
// their slots are made only when booking opens). Pure, so it is tested without a browser.
import type { Schemas } from '@/api/client'
import { addDays, daysBetween, isoWeekday } from '@/dates'

export type OpenDay = Schemas['OpenDayOut']
export type ClosedDay = Schemas['ClosedDayOut']
export type Rule = Schemas['OpenDayRuleOut']
export type SlotRule = Schemas['SlotInput']

export interface CalendarSlot {
  id: string | null
  start: string
  end: string
  capacity: number
  booked: number
}

export interface CalendarDay {
  date: string
  weekday: number
  isToday: boolean
  past: boolean
  closed: { reason: string; manual: boolean } | null
  slots: CalendarSlot[]
  /** Open by the weekly rule but not yet bookable: the slots shown are the rule's, none made yet. */
  projected: boolean
}

/** The Monday of the week `day` falls in. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day))
}

/** 'HH:MM' of an instant '2026-12-08T09:30:00+08:00' (the API's instants are Beijing time). */
export function clock(instant: string): string {
  return instant.slice(11, 16)
}

export function buildCalendar(input: { start: string; weeks: number; today: string; days: OpenDay[];
  closures: ClosedDay[]; rule: Rule | null }): CalendarDay[][] {
  const listed = new Map(input.days.map((day) => [day.date, day]))
  const closed = new Map(input.closures.map((day) => [day.date, day]))
  const horizon = input.rule ? addDays(input.today, input.rule.book_days_ahead) : input.today
  const weeks: CalendarDay[][] = []
  for (let w = 0; w < input.weeks; w += 1) {
    const week: CalendarDay[] = []
    for (let d = 0; d < 7; d += 1) {
      const date = addDays(input.start, w * 7 + d)
      const weekday = isoWeekday(date)
      const day = listed.get(date)
      const closure = closed.get(date) ?? (day?.closed ? { reason: day.closed_reason ?? '闭馆', manual: true } : null)
      const byRule = !day && input.rule !== null && date > horizon && input.rule.weekdays.includes(weekday)
      week.push({
        date, weekday, isToday: date === input.today, past: daysBetween(input.today, date) < 0,
        closed: closure ? { reason: closure.reason, manual: closure.manual } : null,
        slots: day
          ? day.slots.map((s) => ({ id: s.id, start: clock(s.starts_at), end: clock(s.ends_at), capacity: s.capacity,
            booked: s.capacity - s.remaining }))
          : byRule ? (input.rule as Rule).slots.map((s) => ({ id: null, start: s.start, end: s.end,
            capacity: s.capacity, booked: 0 })) : [],
        projected: byRule,
      })
    }
    weeks.push(week)
  }
  return weeks
}

/** Booked of capacity over a day's slots. */
export function dayTotals(day: CalendarDay): { booked: number; capacity: number } {
  return day.slots.reduce((sum, s) => ({ booked: sum.booked + s.booked, capacity: sum.capacity + s.capacity }),
    { booked: 0, capacity: 0 })
}

/** Slots as the rule and the add-a-day form take them: sorted, each ending after it starts, none overlapping. */
export function slotProblems(slots: SlotRule[]): string | null {
  if (!slots.length) return '至少设置一个时段'
  const sorted = [...slots].sort((a, b) => a.start.localeCompare(b.start))
  for (const slot of sorted) {
    if (!/^\d{2}:\d{2}$/.test(slot.start) || !/^\d{2}:\d{2}$/.test(slot.end)) return '请填写时段的开始和结束时间'
    if (slot.end <= slot.start) return `时段 ${slot.start}-${slot.end} 的结束时间应晚于开始时间`
    if (!(slot.capacity >= 1)) return `时段 ${slot.start}-${slot.end} 的名额至少为1`
  }
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i].start < sorted[i - 1].end) {
      return `时段 ${sorted[i - 1].start}-${sorted[i - 1].end} 与 ${sorted[i].start}-${sorted[i].end} 重叠`
    }
  }
  return null
}
