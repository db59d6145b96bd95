import { describe, expect, it } from 'vitest'

import { decide, safeRedirect } from './guard'
import { allowed, HOME, homeFor, MENU, menusFor } from './menus'

const paths = (role: Parameters<typeof menusFor>[0]) => menusFor(role).flatMap((group) => group.items.map((i) => i.path))

describe('menus by role', () => {
  it('shows an admin every page', () => {
    expect(paths('admin')).toEqual(MENU.flatMap((group) => group.items.map((item) => item.path)))
  })

  it('shows a reviewer the review pages and the licences, and not the administration', () => {
    expect(paths('reviewer')).toEqual(['/review/applications', '/review/inspections', '/licences'])
    expect(menusFor('reviewer').map((group) => group.title)).toEqual(['审核', '犬证'])
  })

  it('gives each role of the city its own pages, and only those', () => {
    expect(menusFor('shelter').map((group) => group.title)).toEqual(['留检所', '开放日', '领养'])
    expect(paths('dispatcher')).toEqual(['/dispatch/reports', '/dispatch/hotspots'])
    expect(paths('service')).toEqual(['/inbox', '/licences'])
    expect(homeFor('shelter')).toBe('/shelter/kennels')
    expect(homeFor('dispatcher')).toBe('/dispatch/reports')
    expect(homeFor('service')).toBe('/inbox')
    expect(homeFor('reviewer')).toBe('/review/applications')
  })

  it("lands an admin, whose work is everybody's, on the 工作台", () => {
    expect(homeFor('admin')).toBe(HOME.path)
    expect(HOME.path).toBe('/')
    expect(allowed('dispatcher', HOME.roles)).toBe(true) // every role has a 工作台
  })

  it('allows what the API allows: the role named, or admin', () => {
    expect(allowed('reviewer', ['reviewer'])).toBe(true)
    expect(allowed('admin', ['reviewer'])).toBe(true)
    expect(allowed('service', ['reviewer'])).toBe(false)
    expect(allowed('service', undefined)).toBe(true)
  })
})

describe('the route guard', () => {
  const admin = { fullPath: '/system/staff', meta: { roles: ['admin' as const] } }

  it('sends a reviewer who opens an administration page to 403', () => {
    expect(decide(admin, 'reviewer')).toEqual({ name: 'forbidden', query: { from: '/system/staff' } })
    expect(decide(admin, 'admin')).toBe(true)
  })

  it('sends someone not signed in to the login page, remembering where they were going', () => {
    expect(decide(admin, null)).toEqual({ name: 'login', query: { redirect: '/system/staff' } })
    expect(decide({ fullPath: '/login', meta: { public: true } }, null)).toBe(true)
  })

  it('opens only the password page for a one-time password, and not that page otherwise', () => {
    const password = { fullPath: '/password', meta: { passwordChange: true } }
    expect(decide(admin, 'admin', true)).toEqual({ name: 'password', query: { redirect: '/system/staff' } })
    expect(decide(password, 'reviewer', true)).toBe(true)
    expect(decide(password, 'reviewer', false)).toEqual({ name: 'home' })
    expect(decide(password, null, true)).toEqual({ name: 'login', query: { redirect: '/password' } })
  })

  it('follows only redirects inside the console after sign-in', () => {
    expect(safeRedirect('/review/applications?q=1', '/home')).toBe('/review/applications?q=1')
    expect(safeRedirect('//evil.example/x', '/home')).toBe('/home')
    expect(safeRedirect('https://evil.example', '/home')).toBe('/home')
    expect(safeRedirect('/login', '/home')).toBe('/home')
    expect(safeRedirect('/password', '/home')).toBe('/home')
    expect(safeRedirect(undefined, '/home')).toBe('/home')
  })
})

describe('the dashboard', () => {
  it('is what a leader sees, and all a leader sees', () => {
    expect(paths('leader')).toEqual(['/indicators', '/wall'])
    expect(homeFor('leader')).toBe('/indicators')
    expect(allowed('leader', ['reviewer'])).toBe(false)
    expect(paths('admin')).toContain('/indicators')
    expect(homeFor('admin')).toBe('/')
  })
})
