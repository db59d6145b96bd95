// A licence's trail (GET /staff/licences/{id}, `timeline`) in words staff read: every step of the licence, the
// application it came from, its inspections, transfers, fees and lost reports, and each look at the owner's details.
import type { Schemas } from '@/api/client'

export type TimelineEntry = Schemas['TimelineEntryOut']
export type LicenceStatus = Schemas['StaffLicenceOut']['status']

export const LICENCE_STATUS_NAMES: Record<LicenceStatus, string> = {
  active: '有效', expired: '已过期', cancelled: '已注销',
}

export const SUBJECT_NAMES: Record<TimelineEntry['subject'], string> = {
  licence: '犬证', application: '申请', inspection: '年检', transfer: '过户', order: '缴费', lost_report: '走失',
  personal_data: '查询留痕',
}

const CHANNELS: Record<string, string> = { wechat: '微信支付', alipay: '支付宝' }
const FIELDS: Record<string, string> = { phone: '电话', address: '住址' }
const LOST_OUTCOMES: Record<string, string> = { reunited: '已找回', given_up: '不再寻找' }

/** 20000 fen → '200.00元'. */
export function yuan(fen: unknown): string {
  return typeof fen === 'number' ? `${(fen / 100).toFixed(2)}元` : ''
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value)
}

type Describe = (data: Record<string, unknown>, entry: TimelineEntry) => string

const STEPS: Record<string, Record<string, Describe>> = {
  licence: {
    issued: (d) => `签发犬证 ${text(d.licence_no)}，有效期至 ${text(d.expires_on)}`,
    address_changed: (d) => `变更住址，迁入${text(d.zone_name) || '新管理区'}`,
    renewed: (d) => `年检完成，有效期由 ${text(d.previous_expires_on)} 延至 ${text(d.expires_on)}`,
    transferred: () => '过户给新犬主（犬证号不变）',
    cancelled: () => '注销犬证',
    expired: () => '年检逾期未办，犬证失效',
  },
  application: {
    submitted: (d) => `提交犬证申请（第${text(d.round) || 1}次）`,
    resubmitted: (d) => `修改后重新提交（第${text(d.round)}次）`,
    approved: (d, e) => (e.to === 'awaiting_payment' ? `审核通过，待缴费 ${yuan(d.amount_fen)}` : '审核通过'),
    rejected: () => '驳回申请',
    withdrawn: () => '撤回申请',
    paid: () => '缴费完成',
  },
  inspection: {
    submitted: () => '提交年检（新的狂犬疫苗）',
    approved: (d) => `年检审核通过，待缴费 ${yuan(d.amount_fen)}`,
    issued: () => '年检通过',
    rejected: () => '年检驳回',
    withdrawn: () => '年检撤销',
  },
  transfer: {
    started: () => '发起过户，生成过户码',
    accepted: () => '新犬主接受过户',
    cancelled: () => '取消过户',
    expired: () => '过户码过期',
  },
  order: {
    created: (d) => `生成缴费订单 ${yuan(d.amount_fen)}`,
    paid: (d) => `缴费成功 ${yuan(d.amount_fen)}（${CHANNELS[text(d.channel)] ?? text(d.channel)}）`,
    reopened: () => '重新发起缴费',
    expired: () => '订单超时未缴费',
    cancelled: () => '订单取消',
    refund_started: (d) => `发起退款 ${yuan(d.amount_fen)}`,
    refunded: (d) => `退款成功 ${yuan(d.amount_fen)}`,
    refund_failed: (d) => `退款失败 ${yuan(d.amount_fen)}，需人工处理`,
  },
  lost_report: {
    opened: () => '登记走失',
    closed: (_d, e) => `走失登记结束（${LOST_OUTCOMES[text(e.to)] ?? text(e.to)}）`,
  },
  personal_data: {
    revealed: (d) => `查看了养犬人完整${((d.fields as string[] | undefined) ?? []).map((f) => FIELDS[f] ?? f).join('、')}`,
  },
}

export function describeEntry(entry: TimelineEntry): string {
  const describe = STEPS[entry.subject]?.[entry.action]
  return describe ? describe(entry.data as Record<string, unknown>, entry) : `${SUBJECT_NAMES[entry.subject]}：${entry.action}`
}

const GOOD = new Set(['issued', 'renewed', 'paid', 'refunded', 'accepted'])
const BAD = new Set(['rejected', 'cancelled', 'expired', 'refund_failed', 'withdrawn'])

/** The dot's colour on el-timeline. */
export function entryType(entry: TimelineEntry): 'success' | 'danger' | 'warning' | 'primary' | 'info' {
  if (entry.subject === 'personal_data') return 'warning'
  if (GOOD.has(entry.action)) return 'success'
  if (BAD.has(entry.action)) return 'danger'
  return entry.subject === 'licence' ? 'primary' : 'info'
}

/** Newest first, as a file is read. */
export function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  return [...entries].reverse()
}
