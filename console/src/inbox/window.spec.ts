import { describe, expect, it } from 'vitest'

import { duration, windowState } from './window'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')

describe('the reply window as the reply box tells it', () => {
  it('counts replies left and the time until it closes', () => {
    const state = windowState({ open: true, replies_left: 5, closes_at: '2026-12-02T22:30:00+08:00' }, NOW)
    expect(state).toEqual({ open: true, text: '还可回复 5 条，1天12小时后关闭', level: 'success' })
  })

  it('warns in the last hours or at the last reply', () => {
    expect(windowState({ open: true, replies_left: 3, closes_at: '2026-12-01T12:15:00+08:00' }, NOW))
      .toEqual({ open: true, text: '还可回复 3 条，2小时15分钟后关闭', level: 'warning' })
    expect(windowState({ open: true, replies_left: 1, closes_at: '2026-12-02T10:00:00+08:00' }, NOW).level)
      .toBe('warning')
  })

  it('is closed after 48 hours or five replies, and offers the template notice', () => {
    const late = windowState({ open: false, replies_left: 5, closes_at: '2026-12-01T09:00:00+08:00' }, NOW)
    expect(late.open).toBe(false)
    expect(late.text).toContain('超过48小时')
    expect(late.text).toContain('模板通知')
    const used = windowState({ open: false, replies_left: 0, closes_at: '2026-12-02T09:00:00+08:00' }, NOW)
    expect(used.text).toContain('本次已回复5条')
    // the clock ran out since the page last asked
    expect(windowState({ open: true, replies_left: 2, closes_at: '2026-12-01T09:59:00+08:00' }, NOW).open).toBe(false)
  })
})

describe('durations', () => {
  it('reads like a person says them', () => {
    expect(duration(30)).toBe('不到1分钟')
    expect(duration(12 * 60)).toBe('12分钟')
    expect(duration(3 * 3600)).toBe('3小时')
    expect(duration(3 * 3600 + 5 * 60)).toBe('3小时5分钟')
    expect(duration(50 * 3600)).toBe('2天2小时')
  })
})
