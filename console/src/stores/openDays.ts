// Adoption open days (开放日): the weekly rule, the days of the coming weeks with each slot's places, closures,
// extra days, a slot's bookings and the gate check-in.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, type Schemas } from '@/api/client'
import { addDays, todayInShanghai } from '@/dates'
import { buildCalendar, type CalendarDay, type Rule, type SlotRule, weekStart } from '@/openDays/calendar'

export type SlotBookings = Schemas['SlotBookingsOut']
export type Booking = Schemas['BookingOut']
export const WEEKS = 5

export const useOpenDaysStore = defineStore('openDays', () => {
  const rule = ref<Rule | null>(null)
  const start = ref(weekStart(todayInShanghai()))
  const weeks = ref<CalendarDay[][]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const end = addDays(start.value, WEEKS * 7 - 1)
      const range = { from: start.value, to: end }
      const [currentRule, days, closures] = await Promise.all([
        call(api.GET('/api/v1/staff/adoption/open-day-rule')),
        call(api.GET('/api/v1/adoption/open-days', { params: { query: range } })),
        call(api.GET('/api/v1/staff/adoption/closures', { params: { query: range } })),
      ])
      rule.value = currentRule
      weeks.value = buildCalendar({ start: start.value, weeks: WEEKS, today: todayInShanghai(), days, closures,
        rule: currentRule })
    } finally {
      loading.value = false
    }
  }

  function move(byWeeks: number): Promise<void> {
    start.value = byWeeks === 0 ? weekStart(todayInShanghai()) : addDays(start.value, byWeeks * 7)
    return load()
  }

  async function saveRule(body: Schemas['OpenDayRuleInput']): Promise<void> {
    rule.value = await call(api.PUT('/api/v1/staff/adoption/open-day-rule', { body }))
  }

  async function addDay(date: string, slots: SlotRule[]): Promise<void> {
    await call(api.POST('/api/v1/staff/adoption/open-days', { body: { date, slots } }))
  }

  async function closeDay(date: string, reason: string): Promise<number> {
    const closed = await call(api.POST('/api/v1/staff/adoption/closures', { body: { date, reason } }))
    return closed.cancelled_bookings ?? 0
  }

  function bookings(slotId: string): Promise<SlotBookings> {
    return call(api.GET('/api/v1/staff/adoption/slots/{slot_id}/bookings', { params: { path: { slot_id: slotId } } }))
  }

  function checkIn(code: string): Promise<Booking> {
    return call(api.POST('/api/v1/staff/adoption/checkins', { body: { checkin_code: code } }))
  }

  return { rule, start, weeks, loading, load, move, saveRule, addDay, closeDay, bookings, checkIn }
})
