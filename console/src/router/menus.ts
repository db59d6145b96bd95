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
  icon: 'Stamp' | 'Setting' | 'HomeFilled' | 'House' | 'Calendar' | 'Present' | 'Location' | 'ChatDotRound' | 'Postcard'
    | 'Money' | 'DataAnalysis'
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
  // No finance role exists (admin, reviewer, shelter, dispatcher, service): the money is the admin's (issue 16).
  {
    title: '财务',
    icon: 'Money',
    items: [
      { path: '/finance/statement', title: '对账单', roles: ['admin'] },
      { path: '/finance/orders', title: '订单查询', roles: ['admin'] },
      { path: '/finance/refunds', title: '退款查询', roles: ['admin'] },
    ],
  },
  {
    title: '犬证',
    icon: 'Postcard',
    items: [{ path: '/licences', title: '犬证查询', roles: ['reviewer', 'service'] }],
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
    items: [
      { path: '/system/staff', title: '工作人员', roles: ['admin'] },
      { path: '/system/reference', title: '基础数据', roles: ['admin'] },
      { path: '/system/fees', title: '收费标准', roles: ['admin'] },
      { path: '/system/audit', title: '审计日志', roles: ['admin'] },
    ],
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

/** The 工作台, above the menu's groups for everybody: what each role has waiting now. */
export const HOME: MenuItem = { path: '/', title: '工作台', roles: [] }

/** Where a person lands after signing in: the first page of their work (the reviewer's queue, the keeper's kennel
 * board); an admin, whose work is everybody's, on the 工作台. */
export function homeFor(role: Role): string {
  if (role === 'admin') return HOME.path
  return menusFor(role)[0]?.items[0]?.path ?? HOME.path
}
