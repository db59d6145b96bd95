// The public-account inbox (客服): conversations, unanswered first with their waiting time, one thread, replies
// through WeChat's customer-service messages, and the template notice once the window has closed.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'

export type ConversationSummary = Schemas['ConversationSummary']
export type Conversation = Schemas['ConversationOut']
export type Message = Schemas['MessageOut']

export const useInboxStore = defineStore('inbox', () => {
  const conversations = ref<ConversationSummary[]>([])
  const total = ref(0)

  async function loadList(): Promise<void> {
    const page = await callPage(api.GET('/api/v1/staff/inbox', { params: { query: { limit: 100, offset: 0 } } }))
    conversations.value = page.items
    total.value = page.total
  }

  function get(id: string): Promise<Conversation> {
    return call(api.GET('/api/v1/staff/inbox/{conversation_id}', { params: { path: { conversation_id: id } } }))
  }

  function reply(id: string, text: string): Promise<Message> {
    return call(api.POST('/api/v1/staff/inbox/{conversation_id}/reply', {
      params: { path: { conversation_id: id } }, body: { text },
    }))
  }

  function notice(id: string, text: string): Promise<Message> {
    return call(api.POST('/api/v1/staff/inbox/{conversation_id}/notice', {
      params: { path: { conversation_id: id } }, body: { text },
    }))
  }

  return { conversations, total, loadList, get, reply, notice }
})
