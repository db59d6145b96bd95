// 系统: staff accounts (every change with its reason), the audit log, the reference data and the fee schedule.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'
import type { Role } from '@/router/menus'

export type Account = Schemas['AdminAccountOut']
export type Issued = Schemas['IssuedPasswordOut']
export type AuditEntry = Schemas['AuditEntryOut']
export type Reference = Schemas['ReferenceOut']
export type FeeSchedule = Schemas['FeeScheduleOut']

export interface AuditFilters {
  actor_username?: string
  actor_type?: 'resident' | 'staff' | 'system'
  entity_type?: string
  entity_id?: string
  action?: string
  from?: string
  to?: string
}

export const AUDIT_FILTER_KEYS = ['actor_username', 'actor_type', 'entity_type', 'entity_id', 'action', 'from',
  'to'] as const
export const AUDIT_PAGE_SIZE = 50

export const useAdministrationStore = defineStore('administration', () => {
  const accounts = ref<Account[]>([])
  const loading = ref(false)

  async function loadAccounts(): Promise<void> {
    loading.value = true
    try {
      accounts.value = await call(api.GET('/api/v1/staff/accounts'))
    } finally {
      loading.value = false
    }
  }

  function replace(account: Account): void {
    const at = accounts.value.findIndex((a) => a.id === account.id)
    if (at >= 0) accounts.value[at] = account
    else accounts.value.push(account)
  }

  async function create(body: { username: string; display_name: string; role: Role; reason: string }): Promise<Issued> {
    const issued = await call(api.POST('/api/v1/staff/accounts', { body }))
    replace(issued.account)
    return issued
  }

  async function changeRole(id: string, role: Role, reason: string): Promise<void> {
    replace(await call(api.POST('/api/v1/staff/accounts/{staff_id}/role', {
      params: { path: { staff_id: id } }, body: { role, reason },
    })))
  }

  async function resetPassword(id: string, reason: string): Promise<Issued> {
    const issued = await call(api.POST('/api/v1/staff/accounts/{staff_id}/reset-password', {
      params: { path: { staff_id: id } }, body: { reason },
    }))
    replace(issued.account)
    return issued
  }

  async function setActive(id: string, active: boolean, reason: string): Promise<void> {
    const params = { path: { staff_id: id } }
    replace(await call(active
      ? api.POST('/api/v1/staff/accounts/{staff_id}/enable', { params, body: { reason } })
      : api.POST('/api/v1/staff/accounts/{staff_id}/disable', { params, body: { reason } })))
  }

  async function unlock(id: string, reason: string): Promise<void> {
    await call(api.POST('/api/v1/staff/accounts/{staff_id}/unlock', { params: { path: { staff_id: id } },
      body: { reason } }))
    await loadAccounts()
  }

  function auditLog(filters: AuditFilters, page: number): Promise<{ items: AuditEntry[]; total: number }> {
    const query = { ...filters, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE }
    return callPage(api.GET('/api/v1/staff/audit-log', { params: { query } }))
  }

  function reference(): Promise<Reference> {
    return call(api.GET('/api/v1/staff/reference'))
  }

  function feeSchedule(): Promise<FeeSchedule> {
    return call(api.GET('/api/v1/staff/fee-schedule'))
  }

  return { accounts, loading, loadAccounts, create, changeRole, resetPassword, setActive, unlock, auditLog, reference,
    feeSchedule }
})
