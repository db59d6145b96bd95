// WeChat's customer-service window, as the reply box tells it: five replies within 48 hours of the follower's last
// message; after that only a template notice reaches them. Pure, so it is tested without a browser.
import type { Schemas } from '@/api/client'

export type ReplyWindow = Schemas['ReplyWindow']
export type Conversation = Schemas['ConversationSummary']

/** '3小时5分钟', '12分钟', '不到1分钟'. */
export function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  if (minutes < 1) return '不到1分钟'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  if (days) return `${days}天${hours ? `${hours}小时` : ''}`
  return hours ? `${hours}小时${rest ? `${rest}分钟` : ''}` : `${rest}分钟`
}

export interface WindowState {
  open: boolean
  text: string
  level: 'success' | 'warning' | 'error'
}

export function windowState(window: ReplyWindow, now: number = Date.now()): WindowState {
  const left = window.closes_at ? Math.floor((Date.parse(window.closes_at) - now) / 1000) : 0
  if (!window.open || window.replies_left <= 0 || left <= 0) {
    const why = window.replies_left <= 0 && left > 0 ? '本次已回复5条' : '距粉丝上次发消息已超过48小时'
    return { open: false, text: `回复窗口已关闭（${why}），粉丝再发消息后才能直接回复；现在只能发送模板通知。`,
      level: 'error' }
  }
  return { open: true, text: `还可回复 ${window.replies_left} 条，${duration(left)}后关闭`,
    level: left < 4 * 3600 || window.replies_left <= 1 ? 'warning' : 'success' }
}

/** Unanswered first (longest waiting first), then the most recent: as the API orders them, kept when merging. */
export function waitingLevel(seconds: number | null): 'danger' | 'warning' | 'info' {
  if (seconds === null) return 'info'
  if (seconds >= 24 * 3600) return 'danger'
  if (seconds >= 2 * 3600) return 'warning'
  return 'info'
}

export function followerName(conversation: Pick<Conversation, 'user_id'>): string {
  return `粉丝 …${conversation.user_id.slice(-4)}`
}

export const MESSAGE_KINDS: Record<string, string> = {
  auto_reply: '自动回复', reply: '客服回复', template_notice: '模板通知', event: '操作',
}

export const MESSAGE_STATUS: Record<string, string> = {
  sending: '发送中', sent: '已送达微信', failed: '发送失败', queued: '已排队投递', received: '',
}
