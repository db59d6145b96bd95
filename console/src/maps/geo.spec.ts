import { describe, expect, it } from 'vitest'

import { cellBounds, distanceM, gcj02ToWgs84, wgs84ToGcj02 } from './geo'

describe('distances and datums', () => {
  it('measures metres between two places', () => {
    // the README walk's two strays: about 100 m apart
    expect(distanceM({ lat: 40.842, lng: 111.749 }, { lat: 40.8428, lng: 111.7495 })).toBeCloseTo(98, 0)
    expect(distanceM({ lat: 40.842, lng: 111.749 }, { lat: 40.842, lng: 111.749 })).toBe(0)
  })

  it('shifts GCJ-02 by a few hundred metres in Hohhot, and back to within centimetres', () => {
    const wgs = { lat: 40.842, lng: 111.749 }
    const gcj = wgs84ToGcj02(wgs)
    const shift = distanceM(wgs, gcj)
    expect(shift).toBeGreaterThan(200)
    expect(shift).toBeLessThan(700)
    expect(distanceM(gcj02ToWgs84(gcj), wgs)).toBeLessThan(0.05)
  })

  it('draws a hotspot cell of the size asked for', () => {
    const [[south, west], [north, east]] = cellBounds({ lat: 40.842, lng: 111.749 }, 1000)
    expect(distanceM({ lat: south, lng: west }, { lat: north, lng: west })).toBeCloseTo(1000, -1)
    expect(distanceM({ lat: south, lng: west }, { lat: south, lng: east })).toBeCloseTo(1000, -1)
  })
})
