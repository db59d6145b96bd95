// The CSRF token: the API set it in the readable cookie `dogpass_csrf` at sign-in; every request that changes
// something sends it back in X-CSRF-Token. A page on another site can make the browser send our cookies, but it
// cannot read this one, so it cannot send the header.

export const CSRF_COOKIE = 'dogpass_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

export function needsCsrf(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase())
}

/** The headers to add to a request: the token for unsafe methods, nothing for reads. */
export function csrfHeaders(method: string, cookies: string): Record<string, string> {
  if (!needsCsrf(method)) return {}
  const token = readCookie(cookies, CSRF_COOKIE)
  return token ? { [CSRF_HEADER]: token } : {}
}
