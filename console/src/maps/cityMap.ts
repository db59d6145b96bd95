// The city map (Leaflet), loaded only by pages that show one. Its base is the district boundaries shipped with the
// console (./hohhot-districts.json), so it works with no network at all; a tile server (Tianditu, AMap, …) is drawn
// under them only when the city configures one (CONSOLE_MAP_TILE_URLS, read from /console/config.json).
import 'leaflet/dist/leaflet.css'
import './cityMap.css'

import L from 'leaflet'

import { gcj02ToWgs84, type LatLng } from './geo'

export interface TileConfig {
  urls: string[]
  subdomains: string
  datum: 'wgs84' | 'gcj02'
  attribution: string
}

export interface MapMarker extends LatLng {
  id: string
  colour: string
  radius: number
  label: string
}

export interface MapCell {
  bounds: [[number, number], [number, number]]
  colour: string
  label: string
}

const NO_TILES: TileConfig = { urls: [], subdomains: '', datum: 'gcj02', attribution: '' }
let tileConfig: Promise<TileConfig> | null = null

function tiles(): Promise<TileConfig> {
  tileConfig ??= fetch('/console/config.json', { credentials: 'same-origin' })
    .then((response) => (response.ok ? (response.json() as Promise<{ tiles?: TileConfig }>) : { tiles: NO_TILES }))
    .then((body) => body.tiles ?? NO_TILES)
    .catch(() => NO_TILES)
  return tileConfig
}

export class CityMap {
  private markerLayer = L.layerGroup()
  private cellLayer = L.layerGroup()
  private districts: L.GeoJSON | null = null
  private shift: (point: LatLng) => LatLng = (point) => point

  private constructor(private readonly map: L.Map) {}

  static async create(element: HTMLElement, onSelect: (id: string) => void): Promise<CityMap> {
    // SVG, not canvas: a city's open reports and grid cells are a few hundred shapes at most.
    const map = L.map(element, { zoomSnap: 0.5, attributionControl: true })
    map.attributionControl.setPrefix('Leaflet')
    const city = new CityMap(map)
    city.onSelect = onSelect
    const [config, boundaries] = await Promise.all([tiles(), import('./hohhot-districts.json')])
    for (const url of config.urls) {
      L.tileLayer(url, { subdomains: config.subdomains || 'abc', attribution: config.attribution, maxZoom: 18 })
        .addTo(map)
    }
    // Places are GCJ-02; on WGS-84 tiles (Tianditu) they are shifted back, boundaries included (see decisions.md).
    if (config.urls.length && config.datum === 'wgs84') city.shift = gcj02ToWgs84
    const shift = city.shift
    city.districts = L.geoJSON(boundaries.default as unknown as GeoJSON.FeatureCollection, {
      coordsToLatLng: ([lng, lat]) => {
        const point = shift({ lat, lng })
        return L.latLng(point.lat, point.lng)
      },
      style: () => ({ color: '#4a6fa5', weight: 1.5, fillColor: '#dfe7f3', fillOpacity: config.urls.length ? 0.05 : 0.5 }),
    }).addTo(map)
    for (const feature of boundaries.default.features) {
      const [lng, lat] = feature.properties.centre ?? []
      if (lat === undefined) continue
      const point = shift({ lat, lng })
      L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false })
        .setLatLng([point.lat, point.lng]).setContent(feature.properties.name).addTo(map)
    }
    city.cellLayer.addTo(map)
    city.markerLayer.addTo(map)
    map.fitBounds(city.districts.getBounds())
    return city
  }

  private onSelect: (id: string) => void = () => undefined

  setMarkers(markers: MapMarker[]): void {
    this.markerLayer.clearLayers()
    for (const marker of markers) {
      const point = this.shift(marker)
      L.circleMarker([point.lat, point.lng], { radius: marker.radius, color: '#fff', weight: 1.5,
        fillColor: marker.colour, fillOpacity: 0.9 })
        .bindTooltip(marker.label)
        .on('click', () => this.onSelect(marker.id))
        .addTo(this.markerLayer)
    }
  }

  setCells(cells: MapCell[]): void {
    this.cellLayer.clearLayers()
    for (const cell of cells) {
      const south = this.shift({ lat: cell.bounds[0][0], lng: cell.bounds[0][1] })
      const north = this.shift({ lat: cell.bounds[1][0], lng: cell.bounds[1][1] })
      L.rectangle([[south.lat, south.lng], [north.lat, north.lng]], { color: cell.colour, weight: 0.5, fillColor: cell.colour,
        fillOpacity: 0.6 }).bindTooltip(cell.label).addTo(this.cellLayer)
    }
  }

  /** Fits the view to the markers and cells (never closer than a few streets: the boundaries are coarse), or to
   * the whole city when there are none. */
  fit(): void {
    const bounds = L.latLngBounds([])
    for (const layer of [...this.markerLayer.getLayers(), ...this.cellLayer.getLayers()]) {
      if (layer instanceof L.Rectangle) bounds.extend(layer.getBounds())
      else if (layer instanceof L.CircleMarker) bounds.extend(layer.getLatLng())
    }
    if (bounds.isValid()) this.map.fitBounds(bounds.pad(0.3), { maxZoom: 13 })
    else if (this.districts) this.map.fitBounds(this.districts.getBounds())
  }

  resize(): void {
    this.map.invalidateSize()
  }

  destroy(): void {
    this.map.remove()
  }
}
