import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { IdleTimer } from './idle'

describe('the idle timer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function timer(overrides: Partial<ConstructorParameters<typeof IdleTimer>[0]> = {}) {
    const onIdle = vi.fn()
    const idle = new IdleTimer({ timeoutMs: 60_000, onIdle, now: () => Date.now(), ...overrides })
    const target = new EventTarget()
    idle.start(target)
    return { idle, onIdle, target }
  }

  it('signs out after the timeout without activity', () => {
    const { onIdle, idle } = timer()
    vi.advanceTimersByTime(59_999)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onIdle).toHaveBeenCalledTimes(1)
    expect(idle.running).toBe(false)
  })

  it('counts from the last key press or pointer move', () => {
    const { onIdle, target } = timer()
    vi.advanceTimersByTime(50_000)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(50_000)
    expect(onIdle).not.toHaveBeenCalled()
    target.dispatchEvent(new Event('pointermove'))
    vi.advanceTimersByTime(59_000)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('stops listening when stopped (after sign-out)', () => {
    const { onIdle, idle, target } = timer()
    idle.stop()
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(120_000)
    expect(onIdle).not.toHaveBeenCalled()
  })

  it('keeps the server session alive while the person works without reaching the API', () => {
    const keepAlive = vi.fn()
    let contact = Date.now()
    const { target } = timer({ keepAlive, keepAliveMs: 20_000, lastContact: () => contact })
    vi.advanceTimersByTime(10_000)
    target.dispatchEvent(new Event('pointerdown'))
    expect(keepAlive).not.toHaveBeenCalled()
    vi.advanceTimersByTime(15_000)
    target.dispatchEvent(new Event('pointerdown'))
    expect(keepAlive).toHaveBeenCalledTimes(1)
    contact = Date.now()
    target.dispatchEvent(new Event('keydown'))
    expect(keepAlive).toHaveBeenCalledTimes(1)
  })
})
