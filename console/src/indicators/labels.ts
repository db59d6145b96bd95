// Names for the codes the indicators API answers with.
export const NOTICE_CHANNELS: Record<string, string> = {
  template: '模板消息', subscribe: '订阅消息', in_app: '仅小程序内', none: '尚未投递',
}
export const PAY_CHANNELS: Record<string, string> = { wechat: '微信支付', alipay: '支付宝' }
export const SOURCES: Record<string, string> = { stray_capture: '捕捉', owner_surrender: '主人送交', public_found: '群众送交' }
export const DOG_STATUSES: Record<string, string> = { quarantine: '隔离观察', available: '待领养', reserved: '已预定' }

export type PanelName = 'licences' | 'applications' | 'review_times' | 'shelter' | 'strays' | 'notices' | 'payments'

/** The panels in the dashboard's order, with their titles (the workbook's sheet names). */
export const PANELS: { name: PanelName; title: string }[] = [
  { name: 'licences', title: '犬证' },
  { name: 'applications', title: '申请与驳回' },
  { name: 'review_times', title: '审核时长' },
  { name: 'shelter', title: '留检所' },
  { name: 'strays', title: '流浪犬' },
  { name: 'notices', title: '通知送达' },
  { name: 'payments', title: '缴费' },
]
