// Distances and the datum shift for the maps. Places from the mini-program are GCJ-02 (wx.getLocation's 'gcj02',
// as AMap and Tencent tiles are); Tianditu's tiles are CGCS2000, within centimetres of WGS-84. Drawn on those, a
// GCJ-02 point lands 300–500 m off in Hohhot unless it is shifted back first.

const EARTH_RADIUS_M = 6_371_008.8

export interface LatLng {
  lat: number
  lng: number
}

export function distanceM(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

// GCJ-02's published forward transform (Krasovsky 1940 ellipsoid).
const A = 6_378_245.0
const EE = 0.006_693_421_622_965_943

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

export function wgs84ToGcj02({ lat, lng }: LatLng): LatLng {
  const dLat0 = transformLat(lng - 105, lat - 35)
  const dLng0 = transformLng(lng - 105, lat - 35)
  const radLat = (lat / 180) * Math.PI
  const magic = 1 - EE * Math.sin(radLat) ** 2
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (dLng0 * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { lat: lat + dLat, lng: lng + dLng }
}

/** The inverse, by iteration (the transform has no closed inverse): within a few centimetres after a few steps. */
export function gcj02ToWgs84(point: LatLng): LatLng {
  let guess = { ...point }
  for (let i = 0; i < 6; i += 1) {
    const forward = wgs84ToGcj02(guess)
    guess = { lat: guess.lat - (forward.lat - point.lat), lng: guess.lng - (forward.lng - point.lng) }
  }
  return guess
}

/** The rectangle of a hotspot cell around its centre: `cellM` metres a side, as backend/reference/geo.py cell_steps makes
 * them (its longitude step uses the city centre's latitude; the cell's own differs by under 0.2 % in a city). */
export function cellBounds(centre: LatLng, cellM: number): [[number, number], [number, number]] {
  const latStep = cellM / 1000 / 111.32
  const lngStep = latStep / Math.max(Math.cos((centre.lat * Math.PI) / 180), 0.01)
  return [[centre.lat - latStep / 2, centre.lng - lngStep / 2], [centre.lat + latStep / 2, centre.lng + lngStep / 2]]
}
