// The headline numbers above the charts, each read from one panel's answer.
import type { Panels } from '@/stores/indicators'

import { count, hours, percent, yuan } from './format'

export interface Kpi {
  key: string
  label: string
  value: string
  note: string
}

export function kpis(p: Panels): Kpi[] {
  const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0)
  const o = p.shelter.occupancy
  return [
    { key: 'active-licences', label: '有效犬证', value: count(p.licences.active.total),
      note: `宽限期内 ${count(p.licences.active.overdue)}` },
    { key: 'issued', label: '期间发证', value: count(sum(p.licences.monthly, (r) => r.issued)),
      note: `到期 ${count(sum(p.licences.monthly, (r) => r.expired))}` },
    { key: 'rejection-rate', label: '驳回率', value: percent(p.applications.rejection_rate),
      note: `审结 ${count(p.applications.decided)}，待审 ${count(p.applications.pending_now)}` },
    { key: 'review-median', label: '审核等待（中位数）', value: hours(p.review_times.median_hours),
      note: `90分位 ${hours(p.review_times.p90_hours)}` },
    { key: 'kennels', label: '犬舍占用', value: `${count(o.occupied_kennels)}/${count(o.kennels)}`,
      note: `在所 ${count(o.dogs_in_care)} 只，占用率 ${percent(o.kennel_rate)}` },
    { key: 'shelter-intakes', label: '期间收容', value: count(p.shelter.totals.intakes),
      note: `领养 ${count(p.shelter.totals.adopted)}` },
    { key: 'stray-reports', label: '流浪犬报告', value: count(p.strays.totals.reports),
      note: `捕获 ${count(p.strays.totals.captures)} 次 ${count(p.strays.totals.dogs_captured)} 只` },
    { key: 'notice-rate', label: '通知送达率', value: percent(p.notices.total.rate),
      note: `共 ${count(p.notices.total.total)} 条` },
    { key: 'paid', label: '期间收款', value: yuan(p.payments.total.paid_fen),
      note: `${count(p.payments.total.paid)} 笔，退款 ${yuan(p.payments.total.refunded_fen)}` },
  ]
}
