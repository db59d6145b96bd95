// Who is signed in. The session itself is an HttpOnly cookie the script never sees; this keeps who it is.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { api, call, type Schemas } from '@/api/client'
import { ApiError } from '@/api/errors'
import { menusFor, ROLE_NAMES, type Role } from '@/router/menus'

export type StaffMember = Schemas['StaffMember']

export const useSessionStore = defineStore('session', () => {
  const staff = ref<StaffMember | null>(null)
  const idleTimeoutSeconds = ref(30 * 60)
  const loaded = ref(false)
  /** Why the person was sent to the login page (idle, expired), shown there. */
  const signedOutReason = ref<string | null>(null)
  /** Signed in with a one-time password an admin issued: nothing opens before the person picks their own. */
  const mustChangePassword = ref(false)

  const role = computed<Role | null>(() => (staff.value ? (staff.value.role as Role) : null))
  const roleName = computed(() => (role.value ? ROLE_NAMES[role.value] : ''))
  const menus = computed(() => (role.value ? menusFor(role.value) : []))

  function remember(session: Schemas['SessionOut']): void {
    staff.value = session.staff
    idleTimeoutSeconds.value = session.idle_timeout_seconds
    mustChangePassword.value = session.password_change_required
    signedOutReason.value = null
  }

  /** On start: is there a live session cookie? (A 401 just means: not signed in.) */
  async function load(): Promise<void> {
    try {
      remember(await call(api.GET('/api/v1/staff/session'), { notify: false }))
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      staff.value = null
    } finally {
      loaded.value = true
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    remember(await call(api.POST('/api/v1/staff/session', { body: { username, password } })))
    loaded.value = true
  }

  async function signOut(reason: string | null = null): Promise<void> {
    try {
      await call(api.DELETE('/api/v1/staff/session'))
    } catch {
      // Already ended on the server (idle, password changed elsewhere): signing out here is all that is left.
    }
    forget(reason)
  }

  function forget(reason: string | null): void {
    staff.value = null
    mustChangePassword.value = false
    signedOutReason.value = reason
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await call(api.POST('/api/v1/staff/password', {
      body: { current_password: currentPassword, new_password: newPassword },
    }))
    mustChangePassword.value = false
  }

  return { staff, role, roleName, menus, idleTimeoutSeconds, loaded, signedOutReason, mustChangePassword, load, signIn,
    signOut, forget, changePassword }
})
