// The 工作台's cards (GET /staff/workbench): where each count leads, how urgent it looks, what its line says.
// Pure, so it is tested without a browser.
import type { Schemas } from '@/api/client'
import { duration } from '@/inbox/window'

export type WorkbenchCard = Schemas['WorkbenchCard']
export type CardKey = WorkbenchCard['key']

/** Each count opens the list that shows those records, filtered to them. Where that list is not built yet (the
 * finance pages), the next entry stands in: the first one the router knows is taken. */
export const CARD_LINKS: Record<CardKey, string[]> = {
  applications_pending: ['/review/applications?status=pending_review'],
  inspections_pending: ['/review/inspections'],
  conversations_unanswered: ['/inbox'],
  conversations_closing: ['/inbox'],
  adoptions_pending: ['/adoption/applications?status=submitted'],
  strays_received: ['/dispatch/reports?status=received'],
  refunds_stuck: ['/finance/refunds?status=processing', '/finance/refunds', '/finance'],
  // An order awaiting payment belongs to an application awaiting payment, which the review queue lists.
  orders_unpaid: ['/finance/orders?status=pending', '/review/applications?status=awaiting_payment'],
}

/** The first of the card's lists that exists in this console, or null (the card then shows no link). */
export function cardLink(key: CardKey, exists: (path: string) => boolean): string | null {
  return CARD_LINKS[key].find((path) => exists(path)) ?? null
}

export type Level = 'done' | 'normal' | 'warning' | 'danger'

// The city promises a decision within three days; a day's wait is worth a glance.
const DAY = 86_400

export function cardLevel(card: WorkbenchCard): Level {
  if (card.count === 0) return 'done'
  if (card.closes_at || (card.waiting_seconds ?? 0) >= 3 * DAY) return 'danger'
  if ((card.waiting_seconds ?? 0) >= DAY) return 'warning'
  return 'normal'
}

/** The card's second line: nothing waiting, the soonest deadline, or how long the oldest has waited. */
export function cardLine(card: WorkbenchCard, now: number = Date.now()): string {
  if (card.count === 0) return '暂无待办'
  if (card.closes_at) {
    const left = Math.floor((Date.parse(card.closes_at) - now) / 1000)
    const at = card.closes_at.slice(11, 16)
    return left > 0 ? `最早 ${at} 关闭，还剩${duration(left)}` : `最早的已于 ${at} 关闭`
  }
  return `最久已等待 ${duration(card.waiting_seconds ?? 0)}`
}
