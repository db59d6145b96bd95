// The audit log in words: what kind of record, what happened, who did it. Codes the console does not know yet are
// shown as they are (a new feature's actions appear before anyone names them here).

export const ENTITY_NAMES: Record<string, string> = {
  application: '犬证申请',
  licence: '犬证',
  inspection: '年检',
  transfer: '过户',
  order: '缴费订单',
  staff_user: '工作人员账号',
  user: '居民账号',
  adoption: '领养申请',
  shelter_dog: '收容犬只',
  kennel: '犬舍',
  open_day: '开放日',
  open_day_rule: '开放日规则',
  visit_booking: '参观预约',
  lost_report: '走失报告',
  found_report: '拾获报告',
  stray_report: '流浪犬报告',
  relay_thread: '传话会话',
}

export const ACTION_NAMES: Record<string, string> = {
  created: '创建',
  submitted: '提交',
  resubmitted: '重新提交',
  approved: '通过',
  rejected: '驳回',
  withdrawn: '撤回',
  paid: '支付',
  issued: '发证',
  renewed: '年检延期',
  cancelled: '注销/取消',
  expired: '过期',
  transferred: '过户',
  address_changed: '变更地址',
  started: '发起',
  accepted: '接受',
  completed: '完成',
  reopened: '重新打开',
  refund_started: '发起退款',
  refunded: '退款完成',
  refund_failed: '退款失败',
  role_changed: '调整岗位',
  disabled: '停用',
  enabled: '启用',
  password_reset: '重置密码',
  password_changed: '本人修改密码',
  password_set: '命令行设置密码',
  login_locked: '登录锁定',
  login_slowed: '登录限速',
  login_unlocked: '解除锁定',
  tokens_revoked: '吊销令牌',
  logged_out: '退出登录',
  opened: '登记',
  closed: '关闭',
  owner_reunited: '与主人团聚',
  received: '受理',
  dispatched: '派单',
  captured: '捕获',
  not_found: '未找到',
  duplicate: '重复',
  taken_in: '收容入所',
  status_changed: '状态变更',
  medical_entry: '医疗记录',
  owner_found: '找到犬主',
  updated: '修改',
  booked: '预约',
  checked_in: '签到',
  no_show: '爽约',
  day_closed: '闭馆取消',
  reminder: '提醒',
  changed: '修改',
  slots_added: '增设时段',
  message: '留言',
  phone_shared: '分享电话',
  tag_scanned: '扫描犬牌',
}

export const ACTOR_TYPE_NAMES: Record<string, string> = { staff: '工作人员', resident: '居民', system: '系统' }

export function entityName(code: string): string {
  return ENTITY_NAMES[code] ?? code
}

export function actionName(code: string): string {
  return ACTION_NAMES[code] ?? code
}

export interface Actor {
  actor_type: string
  actor_id: string | null
  actor_username: string | null
}

/** '审核员 zhao.min' is too long for a column: the username for staff, else 居民 …ABCD (the end of the id) or 系统. */
export function actorLabel(entry: Actor): string {
  if (entry.actor_type === 'staff') return entry.actor_username ?? `工作人员 …${(entry.actor_id ?? '').slice(-4)}`
  if (entry.actor_type === 'resident') return `居民 …${(entry.actor_id ?? '').slice(-4)}`
  return ACTOR_TYPE_NAMES[entry.actor_type] ?? entry.actor_type
}

export interface AccountState {
  active: boolean
  must_change_password: boolean
  login_locks: { address: string; until: string }[]
}

/** The account's state tags, most serious first. */
export function accountTags(account: AccountState): { text: string; type: 'success' | 'info' | 'warning' | 'danger' }[] {
  if (!account.active) return [{ text: '已停用', type: 'info' }]
  const tags: { text: string; type: 'success' | 'info' | 'warning' | 'danger' }[] = []
  for (const lock of account.login_locks) {
    tags.push({ text: `锁定中（${lock.address}，至${lock.until.slice(11, 16)}）`, type: 'danger' })
  }
  if (account.must_change_password) tags.push({ text: '待本人改密', type: 'warning' })
  return tags.length ? tags : [{ text: '正常', type: 'success' }]
}
