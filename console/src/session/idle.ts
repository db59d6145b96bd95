// Signs the person out after a stretch without mouse, keyboard or touch: a console left open on a shared desk
// must not stay signed in. While the person works, the API is reached now and then so that the server's own idle
// timeout (which only sees requests) does not end a session in use.

export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

export interface IdleOptions {
  timeoutMs: number
  onIdle: () => void
  /** Called on activity when the API has not been reached for `keepAliveMs`. */
  keepAlive?: () => void
  keepAliveMs?: number
  lastContact?: () => number
  now?: () => number
}

export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastActivity = 0
  private target: EventTarget | null = null
  private readonly listener = () => this.activity()
  private readonly now: () => number

  constructor(private readonly options: IdleOptions) {
    this.now = options.now ?? Date.now
  }

  start(target: EventTarget): void {
    this.stop()
    this.target = target
    for (const name of ACTIVITY_EVENTS) target.addEventListener(name, this.listener, { passive: true })
    this.lastActivity = this.now()
    this.schedule(this.options.timeoutMs)
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.target) {
      for (const name of ACTIVITY_EVENTS) this.target.removeEventListener(name, this.listener)
    }
    this.target = null
  }

  get running(): boolean {
    return this.target !== null
  }

  activity(): void {
    this.lastActivity = this.now()
    const { keepAlive, keepAliveMs = 5 * 60_000, lastContact } = this.options
    if (keepAlive && lastContact && this.lastActivity - lastContact() >= keepAliveMs) keepAlive()
  }

  // One timer, re-armed for the time still left when it fires: activity does not clear and set a timer each time.
  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      const left = this.lastActivity + this.options.timeoutMs - this.now()
      if (left > 0) {
        this.schedule(left)
        return
      }
      this.stop()
      this.options.onIdle()
    }, ms)
  }
}
