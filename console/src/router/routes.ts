// One page per route; a page's roles say who may open it (the menu in menus.ts names the same roles).
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'

import AppLayout from '@/layout/AppLayout.vue'
import LoginPage from '@/pages/LoginPage.vue'
import { useReviewStore } from '@/stores/review'

import type { Role } from './menus'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
    roles?: Role[]
    /** Breadcrumb trail above the page, e.g. ['审核', '犬证申请']. */
    trail?: string[]
    /** Starts the page's first request once the route is allowed, while the page's code still loads and renders. */
    prefetch?: (to: RouteLocationNormalized) => void
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/pages/HomeRedirect.vue') },
      { path: 'welcome', name: 'welcome', component: () => import('@/pages/WelcomePage.vue'), meta: { title: '首页' } },
      {
        path: 'review/applications',
        name: 'review-queue',
        component: () => import('@/pages/review/ReviewQueuePage.vue'),
        meta: {
          title: '犬证申请审核',
          roles: ['reviewer'],
          trail: ['审核', '犬证申请'],
          prefetch: (to) => useReviewStore().prefetch(to.query),
        },
      },
      {
        path: 'review/applications/:id',
        name: 'review-application',
        component: () => import('@/pages/review/ApplicationReviewPage.vue'),
        meta: { title: '申请详情', roles: ['reviewer'], trail: ['审核', '犬证申请', '申请详情'] },
      },
      {
        path: 'review/inspections',
        name: 'inspection-queue',
        component: () => import('@/pages/review/InspectionQueuePage.vue'),
        meta: { title: '年检审核', roles: ['reviewer'], trail: ['审核', '年检审核'] },
      },
      {
        path: 'system/staff',
        name: 'staff-accounts',
        component: () => import('@/pages/system/StaffAccountsPage.vue'),
        meta: { title: '工作人员', roles: ['admin'], trail: ['系统', '工作人员'] },
      },
      { path: '403', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { title: '无权访问' } },
      {
        path: ':missing(.*)*',
        name: 'not-found',
        component: () => import('@/pages/NotFoundPage.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
]
