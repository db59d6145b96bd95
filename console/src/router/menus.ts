// The side menu and who may open what. One list: the menu, the route guard and the tests read it.
export type Role = 'admin' | 'reviewer' | 'shelter' | 'dispatcher' | 'service' | 'leader'

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  reviewer: '审核员',
  shelter: '收容所',
  dispatcher: '调度员',
  service: '客服',
  leader: '领导',
}

export interface MenuItem {
  path: string
  title: string
  roles: Role[]
}

export interface MenuGroup {
  title: string
  icon: 'Stamp' | 'Setting' | 'HomeFilled' | 'House' | 'Calendar' | 'Present' | 'Location' | 'ChatDotRound'
    | 'DataAnalysis'
  items: MenuItem[]
}

export const MENU: MenuGroup[] = [
  {
    title: '审核',
    icon: 'Stamp',
    items: [
      { path: '/review/applications', title: '犬证申请', roles: ['reviewer'] },
      { path: '/review/inspections', title: '年检审核', roles: ['reviewer'] },
    ],
  },
  {
    title: '留检所',
    icon: 'House',
    items: [
      { path: '/shelter/kennels', title: '犬舍看板', roles: ['shelter'] },
      { path: '/shelter/scan', title: '扫码查询', roles: ['shelter'] },
      { path: '/shelter/intake', title: '收容登记', roles: ['shelter'] },
      { path: '/shelter/dogs', title: '在册犬只', roles: ['shelter'] },
    ],
  },
  {
    title: '开放日',
    icon: 'Calendar',
    items: [
      { path: '/open-days/calendar', title: '开放日安排', roles: ['shelter'] },
      { path: '/open-days/checkin', title: '入场签到', roles: ['shelter'] },
    ],
  },
  {
    title: '领养',
    icon: 'Present',
    items: [{ path: '/adoption/applications', title: '领养申请', roles: ['shelter'] }],
  },
  {
    title: '流浪犬',
    icon: 'Location',
    items: [
      { path: '/dispatch/reports', title: '报告与派单', roles: ['dispatcher'] },
      { path: '/dispatch/hotspots', title: '热点分析', roles: ['dispatcher'] },
    ],
  },
  {
    title: '客服',
    icon: 'ChatDotRound',
    items: [{ path: '/inbox', title: '公众号会话', roles: ['service'] }],
  },
  {
    title: '数据',
    icon: 'DataAnalysis',
    items: [
      { path: '/indicators', title: '数据看板', roles: ['leader'] },
      { path: '/wall', title: '数据大屏', roles: ['leader'] },
    ],
  },
  {
    title: '系统',
    icon: 'Setting',
    items: [{ path: '/system/staff', title: '工作人员', roles: ['admin'] }],
  },
]

/** Admins may do everything; everybody else what their role names (as the API decides, StaffUser.has_role). */
export function allowed(role: Role, roles: readonly Role[] | undefined): boolean {
  return !roles || roles.length === 0 || role === 'admin' || roles.includes(role)
}

export function menusFor(role: Role): MenuGroup[] {
  return MENU.map((group) => ({ ...group, items: group.items.filter((item) => allowed(role, item.roles)) })).filter(
    (group) => group.items.length > 0,
  )
}

/** Where a person lands after signing in: their first page, or the welcome page when their pages are not built. */
export function homeFor(role: Role): string {
  return menusFor(role)[0]?.items[0]?.path ?? '/welcome'
}
