// Calendar dates as the API sends them ('YYYY-MM-DD', Beijing days) and instants (ISO 8601 with +08:00).
// Date arithmetic is done on UTC midnights, so no local time zone or summer time can shift a day.

const MS_PER_DAY = 86_400_000

/** Today in Beijing (the city's day), whatever the device's time zone. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY)
}

/** 1 = Monday … 7 = Sunday, as the open-day rule counts them. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7
}

/** '12-05' from '2026-12-05': short enough for a kennel tile. */
export function monthDay(day: string | null | undefined): string {
  return day ? day.slice(5) : ''
}

/** '2026-12-05 14:30' from an ISO instant with its +08:00 offset. */
export function dateTime(value: string | null | undefined): string {
  return value ? value.slice(0, 16).replace('T', ' ') : '—'
}

export const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']
