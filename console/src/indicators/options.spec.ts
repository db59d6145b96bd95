import { describe, expect, it } from 'vitest'

import { addMonths, hours, monthLabels, monthsBetween, percent, yuan } from './format'
import { kpis } from './kpis'
import * as charts from './options'
import { refreshSeconds } from './wall'
import { csvUrl, type Panels, workbookUrl } from '@/stores/indicators'

const period = { from: '2025-11', to: '2026-01', zone: null, months: ['2025-11', '2025-12', '2026-01'],
  zone_applies: true, generated_at: '2026-01-15T10:00:00+08:00' }
const zeroWait = { decided: 0, median_hours: null, p90_hours: null }

const PANELS: Panels = {
  licences: {
    ...period,
    active: { total: 7, overdue: 1, by_zone: [
      { zone_code: 'xincheng-key', zone_name: '新城区重点管理区', active: 5, overdue: 1 },
      { zone_code: 'saihan-general', zone_name: '赛罕区一般管理区', active: 2, overdue: 0 }] },
    monthly: [{ month: '2025-11', issued: 3, expired: 0 }, { month: '2025-12', issued: 1, expired: 2 },
      { month: '2026-01', issued: 0, expired: 1 }],
    monthly_by_zone: [
      { month: '2025-11', zone_code: 'xincheng-key', issued: 2, expired: 0 },
      { month: '2025-11', zone_code: 'saihan-general', issued: 1, expired: 0 },
      { month: '2025-12', zone_code: 'xincheng-key', issued: 1, expired: 2 },
      { month: '2025-12', zone_code: 'saihan-general', issued: 0, expired: 0 },
      { month: '2026-01', zone_code: 'xincheng-key', issued: 0, expired: 1 },
      { month: '2026-01', zone_code: 'saihan-general', issued: 0, expired: 0 }],
    by_zone: [],
  },
  applications: {
    ...period,
    monthly: [
      { month: '2025-11', submitted: 4, resubmitted: 0, approved: 3, rejected: 1, withdrawn: 0, rejection_rate: 0.25 },
      { month: '2025-12', submitted: 0, resubmitted: 1, approved: 1, rejected: 0, withdrawn: 0, rejection_rate: 0 },
      { month: '2026-01', submitted: 0, resubmitted: 0, approved: 0, rejected: 0, withdrawn: 0, rejection_rate: null }],
    decided: 5, rejected: 1, rejection_rate: 0.2, pending_now: 2,
    reasons: [{ code: 'photo_unclear', text: '犬只照片不清晰，无法辨认犬只特征', rejected: 1, rate: 0.2 },
      { code: 'other', text: '其他原因', rejected: 3, rate: 0.6 },
      { code: 'breed_mismatch', text: '品种不符', rejected: 0, rate: 0 }],
  },
  review_times: { ...period, decided: 5, median_hours: 2, p90_hours: 30,
    monthly: [{ month: '2025-11', decided: 4, median_hours: 2, p90_hours: 30 },
      { month: '2025-12', decided: 1, median_hours: 1, p90_hours: 1 }, { month: '2026-01', ...zeroWait }],
    waiting_now: { count: 2, longest_hours: 5.5 } },
  shelter: { ...period, zone_applies: false,
    occupancy: { kennels: 158, occupied_kennels: 79, kennel_rate: 0.5, places: 158, dogs_in_care: 80,
      place_rate: 0.5, without_kennel: 1, by_status: [] },
    monthly: [{ month: '2025-11', intakes: 10, adopted: 4, reclaimed: 1, transferred: 0, died: 0 },
      { month: '2025-12', intakes: 5, adopted: 2, reclaimed: 0, transferred: 1, died: 1 },
      { month: '2026-01', intakes: 1, adopted: 0, reclaimed: 0, transferred: 0, died: 0 }],
    intakes_by_source: [], totals: { intakes: 16, adopted: 6, reclaimed: 1, transferred: 1, died: 1 } },
  strays: { ...period,
    monthly: [], totals: { reports: 12, incidents: 10, captures: 4, dogs_captured: 5 },
    hotspots: { from: '2025-11', to: '2026-01', cell_m: 1000, cells_total: 2, districts: [],
      cells: [{ lat: 40.842, lng: 111.749, reports: 8, incidents: 7, captures: 3, dogs_captured: 4 },
        { lat: 40.8, lng: 111.7, reports: 2, incidents: 2, captures: 0, dogs_captured: 0 }] } },
  notices: { ...period, zone_applies: false,
    channels: [{ channel: 'template', total: 4, delivered: 3, failed: 1, waiting: 0, rate: 0.75 },
      { channel: 'subscribe', total: 0, delivered: 0, failed: 0, waiting: 0, rate: null }],
    total: { total: 4, delivered: 3, failed: 1, waiting: 0, rate: 0.75 }, monthly: [] },
  payments: { ...period, zone_applies: false,
    channels: [{ channel: 'wechat', paid: 2, paid_fen: 50000, refunds: 1, refunded_fen: 25000, net_fen: 25000 },
      { channel: 'alipay', paid: 1, paid_fen: 12500, refunds: 0, refunded_fen: 0, net_fen: 12500 }],
    total: { paid: 3, paid_fen: 62500, refunds: 1, refunded_fen: 25000, net_fen: 37500 },
    monthly: [{ month: '2025-12', channel: 'wechat', paid: 2, paid_fen: 50000, refunds: 1, refunded_fen: 25000 },
      { month: '2026-01', channel: 'alipay', paid: 1, paid_fen: 12500, refunds: 0, refunded_fen: 0 }] },
}

type Series = { name: string; data: (number | null)[]; stack?: string; yAxisIndex?: number }
const series = (option: Record<string, unknown>) => option.series as Series[]

describe('formatting', () => {
  it('writes shares, money, waits and months the way a leader reads them', () => {
    expect(percent(0.3333)).toBe('33.3%')
    expect(percent(null)).toBe('—')
    expect(yuan(25000)).toBe('250元')
    expect(yuan(2_500_000)).toBe('2.5万元')
    expect(hours(30)).toBe('30.0小时')
    expect(hours(72)).toBe('3.0天')
    expect(monthLabels(['2025-11', '2025-12', '2026-01'])).toEqual(['2025年11月', '12月', '2026年1月'])
    expect(monthLabels(['2026-02', '2026-03'])).toEqual(['2月', '3月'])
    expect(addMonths('2026-01', -2)).toBe('2025-11')
    expect(monthsBetween('2025-11', '2026-01')).toBe(3)
  })
})

describe('chart options', () => {
  it('stacks the licences issued by zone month by month, with the expired as a line', () => {
    const option = charts.licenceTrend(PANELS.licences, { 'xincheng-key': '新城区重点管理区' })
    const [xincheng, saihan, expired] = series(option)
    expect(xincheng).toMatchObject({ name: '发证·新城区重点管理区', stack: 'issued', data: [2, 1, 0] })
    expect(saihan).toMatchObject({ name: '发证·saihan-general', data: [1, 0, 0] })
    expect(expired).toMatchObject({ name: '到期', data: [0, 2, 1] })
    expect((option.xAxis as { data: string[] }).data).toEqual(['2025年11月', '12月', '2026年1月'])
  })

  it('puts the rejection rate on its own axis in percent, leaving months without decisions empty', () => {
    const rate = series(charts.applicationTrend(PANELS.applications)).find((s) => s.name === '驳回率')!
    expect(rate.yAxisIndex).toBe(1)
    expect(rate.data).toEqual([25, 0, null])
  })

  it('lists only the reasons used, the most frequent last (on top of the bar chart)', () => {
    const option = charts.rejectReasons(PANELS.applications)
    expect((option.yAxis as { data: string[] }).data).toEqual(['犬只照片不清晰，无法辨认犬只…', '其他原因'])
    expect(series(option)[0].data).toEqual([1, 3])
  })

  it('draws the waits per month, a month without decisions as a gap', () => {
    const [median, p90] = series(charts.reviewTimes(PANELS.review_times))
    expect(median.data).toEqual([2, 1, null])
    expect(p90.data).toEqual([30, 1, null])
  })

  it('shows kennel occupancy as used against free, with the rate in the middle', () => {
    const option = charts.occupancy(PANELS.shelter, 'dark')
    const [ring] = option.series as { data: { name: string; value: number }[] }[]
    expect(ring.data.map((d) => d.value)).toEqual([79, 79])
    expect((option.title as { text: string }).text).toBe('50%')
  })

  it('places hotspot cells on the district map, shifted from GCJ-02 to the map datum, sized by reports', () => {
    const option = charts.hotspotMap(PANELS.strays, 'hohhot')
    const [scatter] = option.series as { coordinateSystem: string; data: { value: number[] }[];
      symbolSize: (value: number[]) => number }[]
    expect(scatter.coordinateSystem).toBe('geo')
    const [lng, lat, reports] = scatter.data[0].value
    expect(reports).toBe(8)
    // WGS-84 lies south-west of GCJ-02 around Hohhot, by a few hundred metres
    expect(lng).toBeLessThan(111.749)
    expect(lat).toBeLessThan(40.842)
    expect(111.749 - lng).toBeLessThan(0.01)
    expect(scatter.symbolSize([0, 0, 8])).toBeGreaterThan(scatter.symbolSize([0, 0, 2]))
    expect((option.visualMap as { max: number }).max).toBe(8)
    const [[west, north], [east, south]] = (option.geo as { boundingCoords: number[][] }).boundingCoords
    expect(west).toBeLessThan(111.7) // zoomed to the cells, with a margin
    expect(east).toBeGreaterThan(111.74)
    expect(north).toBeGreaterThan(south)
  })

  it('shows each channel delivery rate, leaving out channels that carried nothing', () => {
    const option = charts.deliveryRates(PANELS.notices)
    expect((option.xAxis as { data: string[] }).data).toEqual(['模板消息'])
    expect(series(option)[0].data).toEqual([75])
  })

  it('stacks the money per channel per month in yuan (the API counts fen)', () => {
    const [wechat, alipay] = series(charts.paymentsTrend(PANELS.payments))
    expect(wechat).toMatchObject({ name: '微信支付', data: [0, 500, 0] })
    expect(alipay).toMatchObject({ name: '支付宝', data: [0, 0, 125] })
  })
})

describe('headline numbers', () => {
  it('reads each from its panel', () => {
    const tiles = Object.fromEntries(kpis(PANELS).map((k) => [k.key, k]))
    expect(tiles['active-licences'].value).toBe('7')
    expect(tiles['issued'].value).toBe('4')
    expect(tiles['rejection-rate'].value).toBe('20.0%')
    expect(tiles['kennels'].value).toBe('79/158')
    expect(tiles['shelter-intakes'].value).toBe('16')
    expect(tiles['paid'].value).toBe('625元')
  })
})

describe('exports and the wall', () => {
  it('asks the API for what the filter sets, and only that', () => {
    expect(workbookUrl({ from: null, to: null, zone: null })).toBe('/api/v1/staff/indicators/workbook')
    expect(workbookUrl({ from: '2025-11', to: '2026-01', zone: 'saihan-general' }))
      .toBe('/api/v1/staff/indicators/workbook?from=2025-11&to=2026-01&zone=saihan-general')
    expect(csvUrl({ from: null, to: '2026-01', zone: null }, 'strays'))
      .toBe('/api/v1/staff/indicators/csv?to=2026-01&panel=strays')
  })

  it('refreshes every minute unless told otherwise, within sensible bounds', () => {
    expect(refreshSeconds(undefined)).toBe(60)
    expect(refreshSeconds('30')).toBe(30)
    expect(refreshSeconds('1')).toBe(10)
    expect(refreshSeconds('99999')).toBe(3600)
    expect(refreshSeconds('soon')).toBe(60)
  })
})
