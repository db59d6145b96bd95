// The wall display's settings from its address.

export const DEFAULT_REFRESH_SECONDS = 60

/** ?refresh=SECONDS, kept between 10 s (the database is not a ticker) and an hour; anything else: the default. */
export function refreshSeconds(value: unknown): number {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : DEFAULT_REFRESH_SECONDS
  return Math.min(3600, Math.max(10, seconds))
}
