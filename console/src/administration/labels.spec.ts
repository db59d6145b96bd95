import { describe, expect, it } from 'vitest'

import { accountTags, actionName, actorLabel, entityName } from './labels'

describe('the audit log in words', () => {
  it('names records and actions, and shows unknown codes as they are', () => {
    expect(entityName('application')).toBe('犬证申请')
    expect(actionName('role_changed')).toBe('调整岗位')
    expect(actionName('something_new')).toBe('something_new')
  })

  it('says who acted: the staff username, a resident by the end of their id, or the system', () => {
    expect(actorLabel({ actor_type: 'staff', actor_id: '01ABC', actor_username: 'zhao.min' })).toBe('zhao.min')
    expect(actorLabel({ actor_type: 'resident', actor_id: '01J8XYZW', actor_username: null })).toBe('居民 …XYZW')
    expect(actorLabel({ actor_type: 'system', actor_id: null, actor_username: null })).toBe('系统')
  })
})

describe('an account at a glance', () => {
  const account = { active: true, must_change_password: false, login_locks: [] }

  it('is normal, or says what needs attention', () => {
    expect(accountTags(account)).toEqual([{ text: '正常', type: 'success' }])
    expect(accountTags({ ...account, must_change_password: true })).toEqual([{ text: '待本人改密', type: 'warning' }])
    expect(accountTags({ ...account, login_locks: [{ address: '198.51.100.7', until: '2026-12-01T10:35:00+08:00' }] }))
      .toEqual([{ text: '锁定中（198.51.100.7，至10:35）', type: 'danger' }])
  })

  it('shows only 已停用 for a disabled account', () => {
    expect(accountTags({ ...account, active: false, must_change_password: true })).toEqual([{ text: '已停用', type: 'info' }])
  })
})
