// ECharts on demand: only the chart types and components registered here are bundled, and only pages that chart
// import this module (lazily, through BaseChart), so the login and review pages never load ECharts.
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts'
import {
  GeoComponent,
  GridComponent,
  LegendScrollComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

import { CITY_MAP } from './cityMap'

// Only what the dashboard draws: no dataset transforms, the scrolling legend (which brings the plain one), the
// continuous visual map of the hotspot map only.
echarts.use([BarChart, LineChart, PieChart, ScatterChart, GeoComponent, GridComponent, LegendScrollComponent,
  TitleComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption
export { echarts }

let cityMap: Promise<void> | null = null

/** Registers the district boundaries once, loading them (about 40 KB gzipped) with the first map. */
export function registerCityMap(): Promise<void> {
  cityMap ??= import('@/maps/hohhot-districts.json').then((boundaries) => {
    echarts.registerMap(CITY_MAP, boundaries.default as unknown as Parameters<typeof echarts.registerMap>[1])
  })
  return cityMap
}
