// A page's filters as URL query values and back, so a search can be bookmarked, reloaded or sent to a colleague.

/** Only the known keys, only non-empty texts (trimmed). */
export function filtersFromQuery<T extends object>(query: Record<string, unknown>, keys: readonly (keyof T)[]): T {
  const picked: Record<string, string> = {}
  for (const key of keys as readonly PropertyKey[] as string[]) {
    const value = query[key]
    if (typeof value === 'string' && value.trim()) picked[key] = value.trim()
  }
  return picked as T
}

/** Empty values left out. */
export function filtersToQuery(filters: object): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as Record<string, string>
}
