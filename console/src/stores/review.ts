// The review queue: filters (kept in the page's URL), one page of applications, the decisions.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'

export type QueueItem = Schemas['QueueItem']
export type Application = Schemas['StaffApplicationOut']
export type ApplicationStatus = NonNullable<QueueFilters['status']>

export interface QueueFilters {
  status?: 'pending_review' | 'rejected' | 'awaiting_payment' | 'issued' | 'withdrawn'
  zone_code?: string
  submitted_from?: string
  submitted_to?: string
  q?: string
}

export const STATUS_NAMES: Record<ApplicationStatus, string> = {
  pending_review: '待审核',
  rejected: '已驳回',
  awaiting_payment: '待缴费',
  issued: '已发证',
  withdrawn: '已撤回',
}

/** Filters as URL query values and back: the queue's URL can be bookmarked, and 下一件 keeps the same filters. */
export function filtersFromQuery(query: Record<string, unknown>): QueueFilters {
  const text = (key: string) => (typeof query[key] === 'string' && query[key] ? (query[key] as string) : undefined)
  const status = text('status')
  return {
    status: status && status in STATUS_NAMES ? (status as ApplicationStatus) : 'pending_review',
    zone_code: text('zone_code'),
    submitted_from: text('submitted_from'),
    submitted_to: text('submitted_to'),
    q: text('q'),
  }
}

export function filtersToQuery(filters: QueueFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as Record<string, string>
}

export const useReviewStore = defineStore('review', () => {
  const filters = ref<QueueFilters>({ status: 'pending_review' })
  const items = ref<QueueItem[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)

  let inflight: { key: string; promise: Promise<void> } | null = null

  /** One request per set of filters at a time: the router asks early (prefetch), the page then joins that answer. */
  function fetchQueue(): Promise<void> {
    const query = { ...filters.value, limit: pageSize.value, offset: (page.value - 1) * pageSize.value }
    const key = JSON.stringify(query)
    if (inflight?.key === key) return inflight.promise
    loading.value = true
    const promise = callPage(api.GET('/api/v1/staff/licence-applications', { params: { query } }))
      .then((result) => {
        items.value = result.items
        total.value = result.total
      })
      .finally(() => {
        if (inflight?.key === key) inflight = null
        loading.value = inflight !== null
      })
    inflight = { key, promise }
    return promise
  }

  /** Called by the router as soon as it knows the queue will open, before the page's code has run. */
  function prefetch(query: Record<string, unknown>): void {
    filters.value = filtersFromQuery(query)
    page.value = Number(query.page ?? 1) || 1
    fetchQueue().catch(() => undefined) // the page shows the error when it asks again
  }

  function getApplication(id: string): Promise<Application> {
    return call(api.GET('/api/v1/staff/licence-applications/{application_id}', {
      params: { path: { application_id: id } },
    }))
  }

  async function approve(id: string): Promise<void> {
    await call(api.POST('/api/v1/staff/licence-applications/{application_id}/approve', {
      params: { path: { application_id: id } },
    }))
  }

  async function reject(id: string, reasonCode: string | null, reason: string): Promise<void> {
    await call(api.POST('/api/v1/staff/licence-applications/{application_id}/reject', {
      params: { path: { application_id: id } },
      body: { reason_code: reasonCode, reason },
    }))
  }

  /** The oldest application still waiting under the same filters, after a decision on `decided`. */
  async function next(decided: string): Promise<string | null> {
    const query = { ...filters.value, status: 'pending_review' as const, limit: 2, offset: 0 }
    const { items: waiting } = await callPage(api.GET('/api/v1/staff/licence-applications', { params: { query } }))
    return waiting.find((item) => item.id !== decided)?.id ?? null
  }

  return { filters, items, total, page, pageSize, loading, fetchQueue, prefetch, getApplication, approve, reject,
    next }
})
