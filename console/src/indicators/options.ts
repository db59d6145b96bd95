// The dashboard's charts as ECharts options: plain functions of the API's answers, so they are unit-tested and the
// wall display (dark) and the page (light) draw the same thing.
import type { Schemas } from '@/api/client'
import type { ChartOption } from '@/charts/echarts'
import { gcj02ToWgs84 } from '@/maps/geo'

import { monthLabels } from './format'
import { NOTICE_CHANNELS, PAY_CHANNELS } from './labels'

export type Licences = Schemas['LicenceIndicatorsOut']
export type Applications = Schemas['ApplicationIndicatorsOut']
export type ReviewTimes = Schemas['ReviewTimesOut']
export type Shelter = Schemas['ShelterIndicatorsOut']
export type Strays = Schemas['StrayIndicatorsOut']
export type Notices = Schemas['NoticeIndicatorsOut']
export type Payments = Schemas['PaymentIndicatorsOut']
export type Look = 'light' | 'dark'

export const COLOURS = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#9b59b6', '#1abc9c']

function base(look: Look): ChartOption {
  return {
    color: COLOURS,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: look === 'dark' ? { top: 0, textStyle: { color: '#cfe3ff' } } : { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
  }
}

function monthAxis(months: string[]) {
  return { type: 'category', data: monthLabels(months), axisTick: { alignWithLabel: true } }
}

/** Issued per month, stacked by zone, with the expired as a line. */
export function licenceTrend(data: Licences, zoneNames: Record<string, string>, look: Look = 'light'): ChartOption {
  const zones = [...new Set(data.monthly_by_zone.map((row) => row.zone_code))]
  const issued = zones.map((zone) => ({
    name: `发证·${zoneNames[zone] ?? zone}`,
    type: 'bar',
    stack: 'issued',
    data: data.months.map((m) => data.monthly_by_zone.find((r) => r.month === m && r.zone_code === zone)?.issued ?? 0),
  }))
  return {
    ...base(look),
    legend: { ...(base(look).legend as object), type: 'scroll' },
    xAxis: monthAxis(data.months),
    yAxis: { type: 'value', name: '张', minInterval: 1 },
    series: [...issued, { name: '到期', type: 'line', data: data.monthly.map((r) => r.expired), smooth: true }],
  }
}

/** Active licences by zone, as a ring. */
export function activeByZone(data: Licences, look: Look = 'light'): ChartOption {
  return {
    ...base(look),
    tooltip: { trigger: 'item', formatter: '{b}：{c} 张（{d}%）' },
    legend: { ...(base(look).legend as object), type: 'scroll', bottom: 0, top: undefined },
    series: [{
      name: '有效犬证', type: 'pie', radius: ['45%', '70%'], center: ['50%', '45%'],
      label: look === 'dark' ? { formatter: '{c}', color: '#cfe3ff' } : { formatter: '{c}' },
      data: data.active.by_zone.map((z) => ({ name: z.zone_name, value: z.active })),
    }],
  }
}

/** Approved and rejected per month, and the rejection rate (right axis, %). */
export function applicationTrend(data: Applications, look: Look = 'light'): ChartOption {
  return {
    ...base(look),
    xAxis: monthAxis(data.months),
    yAxis: [{ type: 'value', name: '件', minInterval: 1 }, { type: 'value', name: '驳回率', max: 100,
      axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }],
    series: [
      { name: '新申请', type: 'bar', data: data.monthly.map((r) => r.submitted) },
      { name: '通过', type: 'bar', data: data.monthly.map((r) => r.approved) },
      { name: '驳回', type: 'bar', data: data.monthly.map((r) => r.rejected) },
      { name: '驳回率', type: 'line', yAxisIndex: 1, smooth: true,
        data: data.monthly.map((r) => (r.rejection_rate === null ? null : round(r.rejection_rate * 100))) },
    ],
  }
}

/** Rejections by reason, the most frequent on top; reasons never used are left out. */
export function rejectReasons(data: Applications, look: Look = 'light'): ChartOption {
  const used = data.reasons.filter((r) => r.rejected > 0).sort((a, b) => a.rejected - b.rejected)
  return {
    ...base(look),
    legend: { show: false },
    grid: { left: 8, right: 24, top: 8, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: used.map((r) => shorten(r.text, 14)) },
    series: [{ name: '驳回次数', type: 'bar', data: used.map((r) => r.rejected), label: { show: true, position: 'right' } }],
  }
}

/** The median and 90th percentile wait per month, in hours. */
export function reviewTimes(data: ReviewTimes, look: Look = 'light'): ChartOption {
  return {
    ...base(look),
    xAxis: monthAxis(data.months),
    yAxis: { type: 'value', name: '小时' },
    series: [
      { name: '中位数', type: 'line', smooth: true, data: data.monthly.map((r) => r.median_hours) },
      { name: '90分位', type: 'line', smooth: true, data: data.monthly.map((r) => r.p90_hours) },
    ],
  }
}

/** Intakes against the ways dogs left, per month. */
export function shelterTrend(data: Shelter, look: Look = 'light'): ChartOption {
  return {
    ...base(look),
    xAxis: monthAxis(data.months),
    yAxis: { type: 'value', name: '只', minInterval: 1 },
    series: [
      { name: '收容', type: 'bar', data: data.monthly.map((r) => r.intakes) },
      { name: '领养', type: 'bar', stack: 'out', data: data.monthly.map((r) => r.adopted) },
      { name: '认领', type: 'bar', stack: 'out', data: data.monthly.map((r) => r.reclaimed) },
      { name: '转出', type: 'bar', stack: 'out', data: data.monthly.map((r) => r.transferred) },
      { name: '死亡', type: 'bar', stack: 'out', data: data.monthly.map((r) => r.died) },
    ],
  }
}

/** Kennels in use against free ones. */
export function occupancy(data: Shelter, look: Look = 'light'): ChartOption {
  const o = data.occupancy
  return {
    ...base(look),
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    title: { text: o.kennel_rate === null ? '—' : `${round(o.kennel_rate * 100)}%`, subtext: '犬舍占用',
      left: 'center', top: '36%', textStyle: { fontSize: 22, color: look === 'dark' ? '#ffffff' : '#303133' } },
    legend: { show: false },
    series: [{ type: 'pie', radius: ['55%', '75%'], label: { show: false },
      data: [{ name: '已占用', value: o.occupied_kennels }, { name: '空闲', value: Math.max(0, o.kennels - o.occupied_kennels),
        itemStyle: { color: look === 'dark' ? '#1f3556' : '#ebeef5' } }] }],
  }
}

/** Reports per month as bars, captures as a line. */
export function strayTrend(data: Strays, look: Look = 'light'): ChartOption {
  return {
    ...base(look),
    xAxis: monthAxis(data.months),
    yAxis: { type: 'value', name: '次', minInterval: 1 },
    series: [
      { name: '报告', type: 'bar', data: data.monthly.map((r) => r.reports) },
      { name: '不含重复', type: 'bar', data: data.monthly.map((r) => r.incidents) },
      { name: '捕获', type: 'line', smooth: true, data: data.monthly.map((r) => r.captures) },
    ],
  }
}

/** The hotspot cells on the district map (`geo.map` = CITY_MAP), sized and coloured by reports. The boundaries are
 * WGS-84 and the reports GCJ-02, so each cell is shifted back first. */
export function hotspotMap(data: Strays, mapName: string, look: Look = 'light'): ChartOption {
  const cells = data.hotspots.cells
  const most = Math.max(1, ...cells.map((c) => c.reports))
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: (p: { value: number[] }) => `报告 ${p.value[2]} 次，捕获 ${p.value[3]} 次` },
    visualMap: { min: 0, max: most, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      text: ['多', '少'], inRange: { color: ['#fee8c8', '#fdbb84', '#e34a33', '#b30000'] },
      textStyle: { color: look === 'dark' ? '#cfe3ff' : '#606266' }, itemHeight: 80 },
    // Zoomed to where the cells are (the map's counties reach far into the countryside); roam to see the rest.
    geo: { map: mapName, roam: true, ...(cells.length ? { boundingCoords: around(cells) } : {}), label: { show: true, color: look === 'dark' ? '#9fb7d9' : '#909399', fontSize: 11 },
      itemStyle: look === 'dark' ? { areaColor: '#10264a', borderColor: '#3b6db3' } : { areaColor: '#f5f7fa', borderColor: '#a0aec0' },
      emphasis: { disabled: true } },
    series: [{ name: '热点', type: 'scatter', coordinateSystem: 'geo',
      symbolSize: (value: number[]) => 4 + 16 * Math.sqrt(value[2] / most),
      data: cells.map((c) => {
        const point = gcj02ToWgs84({ lat: c.lat, lng: c.lng })
        return { value: [round(point.lng, 5), round(point.lat, 5), c.reports, c.captures] }
      }) }],
  }
}

/** The share delivered on each channel, with the counts in the tooltip. */
export function deliveryRates(data: Notices, look: Look = 'light'): ChartOption {
  const channels = data.channels.filter((c) => c.total > 0)
  return {
    ...base(look),
    legend: { show: false },
    tooltip: { trigger: 'axis', formatter: (items: { dataIndex: number }[]) => {
      const c = channels[items[0].dataIndex]
      return `${NOTICE_CHANNELS[c.channel] ?? c.channel}：送达 ${c.delivered} / ${c.total}，失败 ${c.failed}，待投递 ${c.waiting}`
    } },
    xAxis: { type: 'category', data: channels.map((c) => NOTICE_CHANNELS[c.channel] ?? c.channel) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: '送达率', type: 'bar', label: { show: true, position: 'top', formatter: '{c}%' },
      data: channels.map((c) => (c.rate === null ? null : round(c.rate * 100))) }],
  }
}

/** Money received per channel per month, in yuan (the API counts fen), stacked. */
export function paymentsTrend(data: Payments, look: Look = 'light'): ChartOption {
  const channels = data.channels.map((c) => c.channel)
  return {
    ...base(look),
    xAxis: monthAxis(data.months),
    yAxis: { type: 'value', name: '元' },
    series: channels.map((channel) => ({
      name: PAY_CHANNELS[channel] ?? channel, type: 'bar', stack: 'paid',
      data: data.months.map((m) => {
        const row = data.monthly.find((r) => r.month === m && r.channel === channel)
        return row ? row.paid_fen / 100 : 0
      }),
    })),
  }
}

/** The cells' extent with a margin, as ECharts' boundingCoords ([west, north], [east, south]), in WGS-84. */
function around(cells: { lat: number; lng: number }[], margin = 0.08): number[][] {
  const points = cells.map((c) => gcj02ToWgs84({ lat: c.lat, lng: c.lng }))
  const lats = points.map((p) => p.lat)
  const lngs = points.map((p) => p.lng)
  return [[Math.min(...lngs) - margin, Math.max(...lats) + margin], [Math.max(...lngs) + margin, Math.min(...lats) - margin]]
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text
}
