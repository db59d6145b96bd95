import { describe, expect, it } from 'vitest'

import { filtersFromQuery, filtersToQuery } from './review'

describe('queue filters in the URL', () => {
  it('round-trips the filters a reviewer set', () => {
    const filters = { status: 'pending_review' as const, zone_code: 'huimin-key', submitted_from: '2026-11-01',
      submitted_to: '2026-11-30', q: '1234' }
    expect(filtersFromQuery(filtersToQuery(filters))).toEqual(filters)
  })

  it('falls back to the waiting queue for an unknown status and drops empty values', () => {
    expect(filtersFromQuery({ status: 'bogus', q: '' })).toEqual({ status: 'pending_review', zone_code: undefined,
      submitted_from: undefined, submitted_to: undefined, q: undefined })
    expect(filtersToQuery({ status: 'rejected', q: undefined, zone_code: '' })).toEqual({ status: 'rejected' })
  })
})
