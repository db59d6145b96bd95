import { describe, expect, it } from 'vitest'

import { groupReports, type StrayReport } from './grouping'

function report(id: string, lat: number, lng: number, at: string, fields: Partial<StrayReport> = {}): StrayReport {
  return { id, status: 'received', duplicate_of: null, reported_at: at, location: { lat, lng, address: id },
    district: '新城区', count: 1, description: '', aggressive: false, injured: false, team: null, captured_count: 0,
    resolved_at: null, photo_urls: [], content_flagged: false, linked_reports: 0, resolve_note: '', ...fields }
}

describe('grouping the dispatch list', () => {
  const reports = [
    report('a', 40.842, 111.749, '2026-12-01T08:00:00+08:00', { linked_reports: 1 }),
    report('b', 40.8445, 111.749, '2026-12-01T15:00:00+08:00'), // ~280 m north, 7 h later: not linked by the server
    report('c', 40.80, 111.70, '2026-12-01T09:00:00+08:00', { injured: true }), // another part of town
    report('d', 40.842, 111.749, '2026-11-25T08:00:00+08:00'), // same place, a week earlier: another dog
  ]
  const groups = groupReports(reports)

  it('puts reports close in place and time in one group, led by the earliest', () => {
    const group = groups.find((g) => g.lead.id === 'a')!
    expect(group.nearby.map((r) => r.id)).toEqual(['b'])
    expect(group.size).toBe(3) // a, the duplicate the server linked to a, and b
  })

  it('lists urgent jobs first and keeps distant or old reports apart', () => {
    expect(groups.map((g) => g.lead.id)).toEqual(['c', 'd', 'a'])
    expect(groups[0].urgent).toBe(true)
    expect(groups.find((g) => g.lead.id === 'd')!.nearby).toEqual([])
  })

  it('never puts a report in two groups', () => {
    const ids = groups.flatMap((g) => [g.lead.id, ...g.nearby.map((r) => r.id)])
    expect(ids.sort()).toEqual(['a', 'b', 'c', 'd'])
  })
})
