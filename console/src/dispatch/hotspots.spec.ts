import { describe, expect, it } from 'vitest'

import { colourFor, type Hotspots, hotspotCells, PALETTE, rankDistricts } from './hotspots'

const counts = (reports: number, captures = 0) => ({ reports, incidents: reports, captures, dogs_captured: captures })

const HOTSPOTS: Hotspots = {
  from: '2026-11-01', to: '2026-11-30', cell_m: 500,
  cells: [{ lat: 40.842, lng: 111.749, ...counts(10, 2) }, { lat: 40.80, lng: 111.70, ...counts(1) }],
  districts: [{ district: '回民区', ...counts(3) }, { district: '新城区', ...counts(10, 2) },
    { district: '玉泉区', ...counts(3) }, { district: '其他', ...counts(0) }],
  totals: counts(16, 2),
}

describe('the hotspot grid', () => {
  it('colours the busiest cell darkest and a quiet one palest', () => {
    expect(colourFor(10, 10)).toBe(PALETTE[4])
    expect(colourFor(1, 10)).toBe(PALETTE[0])
    expect(colourFor(5, 10)).toBe(PALETTE[2])
    expect(colourFor(0, 0)).toBe(PALETTE[0])
  })

  it('draws each cell the size asked for, around its centre, with its counts', () => {
    const [cell] = hotspotCells(HOTSPOTS)
    const [[south], [north]] = cell.bounds
    expect((north - south) * 111.32 * 1000).toBeCloseTo(500, 5)
    expect(cell.label).toBe('报告 10 次（10 起），捕获 2 次 2 只')
  })

  it('ranks the districts, equal counts sharing a rank', () => {
    expect(rankDistricts(HOTSPOTS).map((d) => [d.rank, d.district, d.share])).toEqual([
      [1, '新城区', 100], [2, '回民区', 30], [2, '玉泉区', 30], [4, '其他', 0]])
  })
})
