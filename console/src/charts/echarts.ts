// ECharts on demand: only the chart types and components registered here are bundled, and only pages that chart
// import this module (lazily, through BaseChart), so the login and review pages never load ECharts. SVG for small
// charts whose labels should be text in the page (read by screen readers and by the tests), canvas for the rest.
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, PieChart, DatasetComponent, GridComponent, LegendComponent, TitleComponent,
  TooltipComponent, CanvasRenderer, SVGRenderer])

export type ChartOption = echarts.EChartsCoreOption
export { echarts }
