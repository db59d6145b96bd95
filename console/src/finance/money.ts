// Money as the API sends it (integer fen) and as the finance desk reads it (yuan, two decimals, thousands
// separated). Integer arithmetic only: 0.1 + 0.2 never reaches a statement.

export type Channel = 'wechat' | 'alipay'

export const CHANNEL_NAMES: Record<Channel, string> = { wechat: '微信支付', alipay: '支付宝' }
export const CHANNELS: Channel[] = ['wechat', 'alipay']

/** '1,234.50' from 123450; '-20.00' from -2000. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

export function channelName(channel: string | null | undefined): string {
  if (!channel) return '—'
  return CHANNEL_NAMES[channel as Channel] ?? channel
}

export const ORDER_STATUS_NAMES: Record<string, string> = {
  pending: '待支付',
  paid: '已支付',
  expired: '已过期',
  cancelled: '已取消',
  refunded: '已退款',
}

export const REFUND_STATUS_NAMES: Record<string, string> = {
  processing: '退款中',
  success: '已退回',
  failed: '失败（需人工处理）',
}

export const TRADE_STATUS_NAMES: Record<string, string> = { open: '待支付', paid: '已支付', closed: '已关闭' }

export const PURPOSE_NAMES: Record<string, string> = { application: '犬证新办', inspection: '年检' }

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function orderStatusTag(status: string): TagType {
  return ({ paid: 'success', pending: 'warning', refunded: 'info', expired: 'info', cancelled: 'info' } as const)[
    status as 'paid'] ?? 'info'
}

export function refundStatusTag(status: string): TagType {
  return ({ success: 'success', processing: 'warning', failed: 'danger' } as const)[status as 'success'] ?? 'info'
}
