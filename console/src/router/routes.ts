// One page per route; a page's roles say who may open it (the menu in menus.ts names the same roles).
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'

import AppLayout from '@/layout/AppLayout.vue'
import LoginPage from '@/pages/LoginPage.vue'
import { useReviewStore } from '@/stores/review'
import { useShelterStore } from '@/stores/shelter'
import { useWorkbenchStore } from '@/stores/workbench'

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
    /** The page for replacing a one-time password: the only one open until that is done. */
    passwordChange?: boolean
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
    // A page of its own, without the menu: what the browser prints is the card alone.
    path: '/licences/:id/tag-card',
    name: 'licence-tag-card',
    component: () => import('@/pages/licences/TagCardPage.vue'),
    meta: { title: '打印犬牌', roles: ['reviewer', 'service'] },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('@/pages/PasswordChangePage.vue'),
    meta: { passwordChange: true, title: '设置新密码' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        alias: 'welcome', // the old welcome page's address, kept for bookmarks
        name: 'home',
        component: () => import('@/pages/WorkbenchPage.vue'),
        meta: { title: '工作台', trail: ['工作台'], prefetch: () => void useWorkbenchStore().load().catch(() => undefined) },
      },
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
        path: 'licences',
        name: 'licences',
        component: () => import('@/pages/licences/LicenceSearchPage.vue'),
        meta: { title: '犬证查询', roles: ['reviewer', 'service'], trail: ['犬证', '犬证查询'] },
      },
      {
        path: 'licences/:id',
        name: 'licence',
        component: () => import('@/pages/licences/LicencePage.vue'),
        meta: { title: '犬证档案', roles: ['reviewer', 'service'], trail: ['犬证', '犬证查询', '犬证档案'] },
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
        path: 'finance/statement',
        name: 'finance-statement',
        component: () => import('@/pages/finance/StatementPage.vue'),
        meta: { title: '对账单', roles: ['admin'], trail: ['财务', '对账单'] },
      },
      {
        path: 'finance/orders',
        name: 'finance-orders',
        component: () => import('@/pages/finance/OrderSearchPage.vue'),
        meta: { title: '订单查询', roles: ['admin'], trail: ['财务', '订单查询'] },
      },
      {
        path: 'finance/orders/:id',
        name: 'finance-order',
        component: () => import('@/pages/finance/OrderPage.vue'),
        meta: { title: '订单详情', roles: ['admin'], trail: ['财务', '订单查询', '订单详情'] },
      },
      {
        path: 'finance/refunds',
        name: 'finance-refunds',
        component: () => import('@/pages/finance/RefundSearchPage.vue'),
        meta: { title: '退款查询', roles: ['admin'], trail: ['财务', '退款查询'] },
      },
      {
        path: 'finance/refunds/:id',
        name: 'finance-refund',
        component: () => import('@/pages/finance/RefundPage.vue'),
        meta: { title: '退款详情', roles: ['admin'], trail: ['财务', '退款查询', '退款详情'] },
      },
      {
        path: 'system/staff',
        name: 'staff-accounts',
        component: () => import('@/pages/system/StaffAccountsPage.vue'),
        meta: { title: '工作人员', roles: ['admin'], trail: ['系统', '工作人员'] },
      },
      {
        path: 'system/reference',
        name: 'reference-data',
        component: () => import('@/pages/system/ReferencePage.vue'),
        meta: { title: '基础数据', roles: ['admin'], trail: ['系统', '基础数据'] },
      },
      {
        path: 'system/fees',
        name: 'fee-schedule',
        component: () => import('@/pages/system/FeeSchedulePage.vue'),
        meta: { title: '收费标准', roles: ['admin'], trail: ['系统', '收费标准'] },
      },
      {
        path: 'system/audit',
        name: 'audit-log',
        component: () => import('@/pages/system/AuditLogPage.vue'),
        meta: { title: '审计日志', roles: ['admin'], trail: ['系统', '审计日志'] },
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
