// The typed API client: paths, parameters and bodies come from the OpenAPI document (schema.d.ts, generated).
import createClient, { type Middleware } from 'openapi-fetch'

import { csrfHeaders } from './csrf'
import { ApiError, networkError, toApiError } from './errors'
import type { components, paths } from './schema'

export type Schemas = components['schemas']

type ErrorListener = (error: ApiError, url: string) => void
const listeners: ErrorListener[] = []

/** Global error handling (401 → login) registers here; pages still get the error to show where it happened. */
export function onApiError(listener: ErrorListener): void {
  listeners.push(listener)
}

let lastContact = Date.now()
/** When the API was last reached: the idle timer keeps the server session alive only while the person works. */
export function lastApiContact(): number {
  return lastContact
}

const session: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method, document.cookie))) {
      request.headers.set(name, value)
    }
    return request
  },
  onResponse({ response }) {
    lastContact = Date.now()
    return response
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(session)

interface Outcome<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The data of a successful answer, or an ApiError (the API's Chinese message) for everything else. `notify:
 * false` keeps the error from the global handlers (the start-up session check: a 401 there just means "signed out"). */
export async function call<T>(request: Promise<Outcome<T>>, { notify = true } = {}): Promise<T> {
  let outcome: Outcome<T>
  try {
    outcome = await request
  } catch {
    throw networkError()
  }
  const { data, error, response } = outcome
  if (response.ok) return data as T
  const apiError = toApiError(response.status, error)
  if (notify) for (const listener of listeners) listener(apiError, response.url)
  throw apiError
}

/** A list answer with its total (X-Total-Count), for tables with pagination. */
export async function callPage<T>(request: Promise<Outcome<T[]>>): Promise<{ items: T[]; total: number }> {
  const outcome = await request.catch(() => {
    throw networkError()
  })
  const items = await call(Promise.resolve(outcome))
  return { items, total: Number(outcome.response.headers.get('X-Total-Count') ?? items.length) }
}
