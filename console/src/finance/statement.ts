// The day's statement per channel with its total row, and the 30-day chart built from the same rows.
import type { ChartOption } from '@/charts/echarts'

import { type Channel, CHANNEL_NAMES, CHANNELS, yuan } from './money'

export interface StatementRow {
  date: string
  channel: string
  paid_count: number
  paid_fen: number
  refund_count: number
  refunded_fen: number
  net_fen: number
}

const SUMMED = ['paid_count', 'paid_fen', 'refund_count', 'refunded_fen', 'net_fen'] as const

/** The channels' rows and a 合计 row (channel 'total'). */
export function withTotal(rows: StatementRow[]): StatementRow[] {
  if (!rows.length) return []
  const total: StatementRow = { date: rows[0].date, channel: 'total', paid_count: 0, paid_fen: 0, refund_count: 0,
    refunded_fen: 0, net_fen: 0 }
  for (const row of rows) for (const key of SUMMED) total[key] += row[key]
  return [...rows, total]
}

export interface Series {
  days: string[]
  /** Net fen per day, by channel, in the order of `days`. */
  net: Record<Channel, number[]>
}

/** Rows as the API sends them (a day × channel each) into one column per day. Days come in order. */
export function toSeries(rows: StatementRow[]): Series {
  const days = [...new Set(rows.map((row) => row.date))].sort()
  const index = new Map(days.map((day, i) => [day, i]))
  const net = { wechat: days.map(() => 0), alipay: days.map(() => 0) }
  for (const row of rows) {
    if (row.channel in net) net[row.channel as Channel][index.get(row.date)!] = row.net_fen
  }
  return { days, net }
}

/** Read aloud instead of the bars (and what the tests read): the chosen day's net per channel, and the period's. */
export function describeSeries(series: Series, day: string): string {
  const at = series.days.indexOf(day)
  const parts = CHANNELS.map((channel) => {
    const sum = series.net[channel].reduce((a, b) => a + b, 0)
    const onDay = at >= 0 ? series.net[channel][at] : 0
    return `${CHANNEL_NAMES[channel]}${day.slice(5)}净收款${yuan(onDay)}元、${series.days.length}天合计${yuan(sum)}元`
  })
  return `最近${series.days.length}天各渠道每日净收款（${series.days[0] ?? ''}至${series.days.at(-1) ?? ''}）：${parts.join('；')}`
}

const COLOURS: Record<Channel, string> = { wechat: '#07c160', alipay: '#1677ff' }

/** Bars per day and channel, in yuan; a day's amount is written over its bar when it is not zero. */
export function chartOption(series: Series, selected: string | null): ChartOption {
  return {
    color: CHANNELS.map((channel) => COLOURS[channel]),
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => `${Number(value).toFixed(2)} 元` },
    legend: { data: CHANNELS.map((channel) => CHANNEL_NAMES[channel]), top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: {
      type: 'category',
      data: series.days.map((day) => day.slice(5)),
      axisLabel: { interval: 'auto' },
    },
    yAxis: { type: 'value', name: '元', axisLabel: { formatter: (value: number) => String(value) } },
    series: CHANNELS.map((channel) => ({
      name: CHANNEL_NAMES[channel],
      type: 'bar',
      barMaxWidth: 14,
      data: series.net[channel].map((fen, i) => ({
        value: fen / 100,
        itemStyle: series.days[i] === selected ? { borderColor: '#303133', borderWidth: 1 } : undefined,
      })),
      label: {
        show: true,
        position: 'top',
        fontSize: 10,
        formatter: (params: { value: unknown }) => (Number(params.value) === 0 ? '' : yuan(Math.round(Number(params.value) * 100))),
      },
    })),
  }
}
