// The side menu and who may open what. One list: the menu, the route guard and the tests read it.
export type Role = 'admin' | 'reviewer' | 'shelter' | 'dispatcher' | 'service'

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  reviewer: '审核员',
  shelter: '收容所',
  dispatcher: '调度员',
  service: '客服',
}

export interface MenuItem {
  path: string
  title: string
  roles: Role[]
}

export interface MenuGroup {
  title: string
  icon: 'Stamp' | 'Setting' | 'HomeFilled'
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
