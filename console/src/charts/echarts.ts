// ECharts on demand: only the chart types and components registered here are bundled, and only pages that chart
// import this module (lazily, through BaseChart), so the login and review pages never load ECharts. SVG for small
// charts whose labels should be text in the page (read by screen readers and by the tests), canvas for the rest.
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts'
import {
  DatasetComponent,
  GeoComponent,
  GridComponent,
  LegendScrollComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

import { CITY_MAP } from './cityMap'

// The scrolling legend brings the plain one; the continuous visual map is the hotspot map's only.
echarts.use([BarChart, LineChart, PieChart, ScatterChart, DatasetComponent, GeoComponent, GridComponent,
  LegendScrollComponent, TitleComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer, SVGRenderer])

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
