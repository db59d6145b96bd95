// One page per route; a page's roles say who may open it (the menu in menus.ts names the same roles).
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'

import AppLayout from '@/layout/AppLayout.vue'
import LoginPage from '@/pages/LoginPage.vue'
import { useReviewStore } from '@/stores/review'
import { useShelterStore } from '@/stores/shelter'

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
  // The wall display: full screen, outside the layout (no menu, no idle sign-out).
  {
    path: '/wall',
    name: 'wall',
    component: () => import('@/pages/indicators/WallPage.vue'),
    meta: { title: '数据大屏', roles: ['leader'] },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/pages/HomeRedirect.vue') },
      { path: 'welcome', name: 'welcome', component: () => import('@/pages/WelcomePage.vue'), meta: { title: '首页' } },
      {
        path: 'indicators',
        name: 'indicators',
        component: () => import('@/pages/indicators/DashboardPage.vue'),
        meta: { title: '数据看板', roles: ['leader'], trail: ['数据', '数据看板'] },
      },
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
        path: 'shelter/kennels',
        name: 'shelter-kennels',
        component: () => import('@/pages/shelter/KennelBoardPage.vue'),
        meta: {
          title: '犬舍看板',
          roles: ['shelter'],
          trail: ['留检所', '犬舍看板'],
          prefetch: () => void useShelterStore().loadBoard().catch(() => undefined),
        },
      },
      {
        path: 'shelter/scan',
        name: 'shelter-scan',
        component: () => import('@/pages/shelter/ShelterScanPage.vue'),
        meta: { title: '扫码查询', roles: ['shelter'], trail: ['留检所', '扫码查询'] },
      },
      {
        path: 'shelter/intake',
        name: 'shelter-intake',
        component: () => import('@/pages/shelter/IntakePage.vue'),
        meta: { title: '收容登记', roles: ['shelter'], trail: ['留检所', '收容登记'] },
      },
      {
        path: 'shelter/dogs',
        name: 'shelter-dogs',
        component: () => import('@/pages/shelter/DogListPage.vue'),
        meta: { title: '在册犬只', roles: ['shelter'], trail: ['留检所', '在册犬只'] },
      },
      {
        path: 'shelter/dogs/:id',
        name: 'shelter-dog',
        component: () => import('@/pages/shelter/DogRecordPage.vue'),
        meta: { title: '犬只档案', roles: ['shelter'], trail: ['留检所', '犬只档案'] },
      },
      {
        path: 'open-days/calendar',
        name: 'open-days',
        component: () => import('@/pages/openDays/OpenDayCalendarPage.vue'),
        meta: { title: '开放日安排', roles: ['shelter'], trail: ['开放日', '开放日安排'] },
      },
      {
        path: 'open-days/checkin',
        name: 'open-day-checkin',
        component: () => import('@/pages/openDays/CheckinPage.vue'),
        meta: { title: '入场签到', roles: ['shelter'], trail: ['开放日', '入场签到'] },
      },
      {
        path: 'adoption/applications',
        name: 'adoption-queue',
        component: () => import('@/pages/adoption/AdoptionQueuePage.vue'),
        meta: { title: '领养申请', roles: ['shelter'], trail: ['领养', '领养申请'] },
      },
      {
        path: 'adoption/applications/:id',
        name: 'adoption-application',
        component: () => import('@/pages/adoption/AdoptionApplicationPage.vue'),
        meta: { title: '领养申请详情', roles: ['shelter'], trail: ['领养', '领养申请', '申请详情'] },
      },
      {
        path: 'dispatch/reports',
        name: 'dispatch',
        component: () => import('@/pages/dispatch/DispatchPage.vue'),
        meta: { title: '报告与派单', roles: ['dispatcher'], trail: ['流浪犬', '报告与派单'] },
      },
      {
        path: 'dispatch/reports/:id',
        name: 'stray-report',
        component: () => import('@/pages/dispatch/StrayReportPage.vue'),
        meta: { title: '流浪犬报告', roles: ['dispatcher'], trail: ['流浪犬', '报告与派单', '报告详情'] },
      },
      {
        path: 'dispatch/hotspots',
        name: 'hotspots',
        component: () => import('@/pages/dispatch/HotspotsPage.vue'),
        meta: { title: '热点分析', roles: ['dispatcher'], trail: ['流浪犬', '热点分析'] },
      },
      {
        path: 'inbox/:id?',
        name: 'inbox',
        component: () => import('@/pages/inbox/InboxPage.vue'),
        meta: { title: '公众号会话', roles: ['service'], trail: ['客服', '公众号会话'] },
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
