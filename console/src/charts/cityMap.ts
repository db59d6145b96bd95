// The name of the city's district map for ECharts' `geo.map` (registered by registerCityMap in ./echarts). Its own
// module, so pages can name the map without importing ECharts itself, which BaseChart loads on demand.
export const CITY_MAP = 'hohhot'
