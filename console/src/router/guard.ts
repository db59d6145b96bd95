// What the router does before a page opens: sign-in first, then the role (the API refuses too: this only spares
// the person a page full of 403 errors).
import { allowed, type Role } from './menus'

export interface Target {
  fullPath: string
  meta: { public?: boolean; roles?: Role[]; passwordChange?: boolean }
}

export type Decision =
  | true
  | { name: 'login'; query: { redirect: string } }
  | { name: 'forbidden'; query: { from: string } }
  | { name: 'password'; query: { redirect: string } }
  | { name: 'home' }

/** `mustChangePassword`: signed in with a one-time password from an admin; only the password page opens (the API
 * refuses everything else with 403 password_change_required). */
export function decide(to: Target, role: Role | null, mustChangePassword = false): Decision {
  if (to.meta.public) return true
  if (role === null) return { name: 'login', query: { redirect: to.fullPath } }
  if (mustChangePassword) return to.meta.passwordChange ? true : { name: 'password', query: { redirect: to.fullPath } }
  if (to.meta.passwordChange) return { name: 'home' }
  if (!allowed(role, to.meta.roles)) return { name: 'forbidden', query: { from: to.fullPath } }
  return true
}

/** Only a path inside the console is followed after sign-in (no open redirect to another site). */
export function safeRedirect(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login') ||
    value.startsWith('/password')) {
    return fallback
  }
  return value
}
