// Polling while the page is shown: new messages appear without reloading. Paused while the tab is hidden (a
// background tab asks nothing), and at once again when it is shown.
import { onBeforeUnmount, onMounted } from 'vue'

export function usePolling(run: () => Promise<unknown>, everyMs: number): void {
  let timer: number | null = null
  let busy = false

  async function tick() {
    if (busy || document.hidden) return
    busy = true
    try {
      await run()
    } catch {
      // shown where it matters by the page's own first load; a missed poll is tried again at the next tick
    } finally {
      busy = false
    }
  }

  const visible = () => !document.hidden && void tick()
  onMounted(() => {
    timer = window.setInterval(tick, everyMs)
    document.addEventListener('visibilitychange', visible)
  })
  onBeforeUnmount(() => {
    if (timer !== null) window.clearInterval(timer)
    document.removeEventListener('visibilitychange', visible)
  })
}
