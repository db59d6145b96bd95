import { createRouter, createWebHistory } from 'vue-router'

import { useSessionStore } from '@/stores/session'

import { decide } from './guard'
import { routes } from './routes'

export function createConsoleRouter() {
  const router = createRouter({ history: createWebHistory('/console/'), routes })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (!session.loaded && !to.meta.public) await session.load()
    return decide(to, session.role)
  })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 犬证通管理后台` : '犬证通管理后台'
  })
  return router
}
