import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'

import { useSessionStore } from '@/stores/session'

import { decide } from './guard'
import { routes } from './routes'

function preloadComponents(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const component = record.components?.default
    if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined)
  }
}

export function createConsoleRouter() {
  const router = createRouter({ history: createWebHistory('/console/'), routes })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (!session.loaded && !to.meta.public) {
      preloadComponents(to) // the page's code downloads while the session is asked for, not after
      await session.load()
    }
    const decision = decide(to, session.role, session.mustChangePassword)
    if (decision === true) to.meta.prefetch?.(to)
    return decision
  })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 犬证通管理后台` : '犬证通管理后台'
  })
  return router
}
