import { describe, expect, it } from 'vitest'

import { MENU } from '@/router/menus'

import { CARD_LINKS, cardLevel, cardLine, cardLink, type WorkbenchCard } from './cards'

function card(fields: Partial<WorkbenchCard>): WorkbenchCard {
  return { key: 'applications_pending', title: '待审核的犬证申请', count: 0, oldest_at: null, waiting_seconds: null,
    waiting: null, closes_at: null, ...fields }
}

const menuPaths = MENU.flatMap((group) => group.items.map((item) => item.path))
const built = (path: string) => menuPaths.includes(path.split('?')[0])

describe('where a count leads', () => {
  it('opens the review queue filtered to the applications waiting', () => {
    expect(cardLink('applications_pending', built)).toBe('/review/applications?status=pending_review')
    expect(cardLink('conversations_closing', built)).toBe('/inbox')
    expect(cardLink('strays_received', built)).toBe('/dispatch/reports?status=received')
  })

  it('opens the finance lists, filtered, for the money cards', () => {
    expect(cardLink('orders_unpaid', built)).toBe('/finance/orders?status=pending')
    expect(cardLink('refunds_stuck', built)).toBe('/finance/refunds?status=processing')
  })

  it('stands in with the nearest list when a page is missing, and shows no link when there is none', () => {
    const withoutFinance = (path: string) => !path.startsWith('/finance') && built(path)
    expect(cardLink('orders_unpaid', withoutFinance)).toBe('/review/applications?status=awaiting_payment')
    expect(cardLink('refunds_stuck', withoutFinance)).toBeNull()
  })

  it('leads every card to a page of the menu', () => {
    for (const [key, paths] of Object.entries(CARD_LINKS)) {
      expect(paths.some(built), key).toBe(true)
    }
  })
})

describe('how a card looks', () => {
  it('is done with nothing waiting, and more urgent the longer the oldest has waited', () => {
    expect(cardLevel(card({ count: 0 }))).toBe('done')
    expect(cardLevel(card({ count: 2, waiting_seconds: 3600 }))).toBe('normal')
    expect(cardLevel(card({ count: 2, waiting_seconds: 86_400 }))).toBe('warning')
    expect(cardLevel(card({ count: 2, waiting_seconds: 3 * 86_400 }))).toBe('danger')
  })

  it('is urgent whenever a reply window is about to close', () => {
    expect(cardLevel(card({ count: 1, waiting_seconds: 60, closes_at: '2026-12-10T15:00:00+08:00' }))).toBe('danger')
  })

  it('says how long the oldest has waited, or when the first window closes', () => {
    expect(cardLine(card({ count: 0 }))).toBe('暂无待办')
    expect(cardLine(card({ count: 3, waiting_seconds: 93_600, waiting: '1天2小时' }))).toBe('最久已等待 1天2小时')
    expect(cardLine(card({ count: 1, waiting_seconds: 20, waiting: '0小时0分钟' }))).toBe('最久已等待 不到1分钟')
    const now = Date.parse('2026-12-10T12:00:00+08:00')
    const closing = card({ count: 1, closes_at: '2026-12-10T15:30:00+08:00', waiting_seconds: 42 * 3600 })
    expect(cardLine(closing, now)).toBe('最早 15:30 关闭，还剩3小时30分钟')
    expect(cardLine(closing, Date.parse('2026-12-10T16:00:00+08:00'))).toBe('最早的已于 15:30 关闭')
  })
})
