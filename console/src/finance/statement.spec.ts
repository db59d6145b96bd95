import { describe, expect, it } from 'vitest'

import { channelName, yuan } from './money'
import { chartOption, describeSeries, type StatementRow, toSeries, withTotal } from './statement'

const row = (date: string, channel: string, net: number, extra: Partial<StatementRow> = {}): StatementRow => ({
  date, channel, paid_count: net ? 1 : 0, paid_fen: net, refund_count: 0, refunded_fen: 0, net_fen: net, ...extra,
})

describe('money in yuan', () => {
  it('writes fen as yuan with two decimals and thousands separated, without floating point', () => {
    expect(yuan(0)).toBe('0.00')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(25000)).toBe('250.00')
    expect(yuan(123456789)).toBe('1,234,567.89')
    expect(yuan(-2000)).toBe('-20.00')
    expect(yuan(30)).toBe('0.30') // 0.1 + 0.2 yuan
  })

  it('names the channels in Chinese', () => {
    expect(channelName('wechat')).toBe('微信支付')
    expect(channelName('alipay')).toBe('支付宝')
    expect(channelName(null)).toBe('—')
  })
})

describe('the statement and its chart', () => {
  it('adds a total row', () => {
    const rows = [row('2026-12-01', 'wechat', 25000, { refund_count: 1, refunded_fen: 10000, net_fen: 15000 }),
      row('2026-12-01', 'alipay', 20000)]
    expect(withTotal(rows).at(-1)).toEqual({ date: '2026-12-01', channel: 'total', paid_count: 2, paid_fen: 45000,
      refund_count: 1, refunded_fen: 10000, net_fen: 35000 })
    expect(withTotal([])).toEqual([])
  })

  it('puts each day in one column, in order, per channel', () => {
    const series = toSeries([row('2026-12-02', 'alipay', 700), row('2026-12-01', 'wechat', 500),
      row('2026-12-01', 'alipay', 0), row('2026-12-02', 'wechat', 0)])
    expect(series).toEqual({ days: ['2026-12-01', '2026-12-02'], net: { wechat: [500, 0], alipay: [0, 700] } })
  })

  it('charts yuan, writes only non-zero amounts over the bars, and says the chosen day in words', () => {
    const series = toSeries([row('2026-12-01', 'wechat', 25000), row('2026-12-01', 'alipay', 0),
      row('2026-12-02', 'wechat', 0), row('2026-12-02', 'alipay', 12345)])
    const option = chartOption(series, '2026-12-02') as {
      xAxis: { data: string[] }
      series: { name: string; data: { value: number; itemStyle?: object }[]; label: { formatter: (p: { value: number }) => string } }[]
    }
    expect(option.xAxis.data).toEqual(['12-01', '12-02'])
    expect(option.series.map((s) => s.name)).toEqual(['微信支付', '支付宝'])
    expect(option.series[0].data.map((d) => d.value)).toEqual([250, 0])
    expect(option.series[1].data[1].itemStyle).toBeDefined() // the chosen day is outlined
    expect(option.series[1].label.formatter({ value: 123.45 })).toBe('123.45')
    expect(option.series[1].label.formatter({ value: 0 })).toBe('')
    expect(describeSeries(series, '2026-12-01')).toBe(
      '最近2天各渠道每日净收款（2026-12-01至2026-12-02）：微信支付12-01净收款250.00元、2天合计250.00元；' +
        '支付宝12-01净收款0.00元、2天合计123.45元')
  })
})
