// The hotspot grid as map cells and the districts ranked: pure, tested without a browser.
import type { Schemas } from '@/api/client'
import { cellBounds } from '@/maps/geo'
import type { MapCell } from '@/maps/cityMap'

export type Hotspots = Schemas['HotspotsOut']
export const CELL_SIZES = [250, 500, 1000, 2000, 5000] as const
// The cell sizes the API takes (its schema is an enum of these)
export type CellSize = (typeof CELL_SIZES)[number]
// Five steps from pale yellow to deep red (ColorBrewer YlOrRd): readable on the pale district base and on tiles.
export const PALETTE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026']

/** The palette step of `value` out of `max`: the busiest cell is always the darkest. */
export function colourFor(value: number, max: number): string {
  if (max <= 0 || value <= 0) return PALETTE[0]
  return PALETTE[Math.min(PALETTE.length - 1, Math.ceil((value / max) * PALETTE.length) - 1)]
}

export function hotspotCells(hotspots: Hotspots): MapCell[] {
  const max = Math.max(0, ...hotspots.cells.map((c) => c.reports))
  return hotspots.cells.map((cell) => ({
    bounds: cellBounds(cell, hotspots.cell_m),
    colour: colourFor(cell.reports, max),
    label: `报告 ${cell.reports} 次（${cell.incidents} 起），捕获 ${cell.captures} 次 ${cell.dogs_captured} 只`,
  }))
}

export interface RankedDistrict {
  rank: number
  district: string
  reports: number
  incidents: number
  captures: number
  dogs: number
  /** Share of the busiest district's reports, 0–100, for the bar. */
  share: number
}

/** Districts by reports, then captures; equal counts share a rank. */
export function rankDistricts(hotspots: Hotspots): RankedDistrict[] {
  const sorted = [...hotspots.districts].sort((a, b) => b.reports - a.reports || b.captures - a.captures)
  const top = sorted[0]?.reports ?? 0
  let rank = 0
  return sorted.map((d, index) => {
    if (index === 0 || d.reports !== sorted[index - 1].reports || d.captures !== sorted[index - 1].captures) {
      rank = index + 1
    }
    return { rank, district: d.district, reports: d.reports, incidents: d.incidents, captures: d.captures,
      dogs: d.dogs_captured, share: top ? Math.round((d.reports / top) * 100) : 0 }
  })
}
