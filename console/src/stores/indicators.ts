// The dashboard (数据看板) and the wall display (数据大屏): one period filter, the seven panels loaded together, and
// the export links (the browser downloads them with the session cookie, as any GET).
import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'

import { api, call } from '@/api/client'
import type { Applications, Licences, Notices, Payments, ReviewTimes, Shelter, Strays } from '@/indicators/options'
import type { PanelName } from '@/indicators/labels'

export interface Filter {
  from: string | null
  to: string | null
  zone: string | null
}

export interface Panels {
  licences: Licences
  applications: Applications
  review_times: ReviewTimes
  shelter: Shelter
  strays: Strays
  notices: Notices
  payments: Payments
}

const BASE = '/api/v1/staff/indicators'

/** The query the API takes: only what is set (the API's defaults are the last 12 months and the whole city). */
export function queryOf(filter: Filter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]))
}

export function workbookUrl(filter: Filter): string {
  const query = new URLSearchParams(queryOf(filter)).toString()
  return `${BASE}/workbook${query ? `?${query}` : ''}`
}

export function csvUrl(filter: Filter, panel: PanelName): string {
  return `${BASE}/csv?${new URLSearchParams({ ...queryOf(filter), panel }).toString()}`
}

export const useIndicatorsStore = defineStore('indicators', () => {
  const filter = reactive<Filter>({ from: null, to: null, zone: null })
  const panels = shallowRef<Panels | null>(null)
  const loading = ref(false)
  const loadedAt = ref<Date | null>(null)

  async function load(): Promise<Panels> {
    loading.value = true
    const params = { params: { query: queryOf(filter) } }
    try {
      const [licences, applications, reviewTimes, shelter, strays, notices, payments] = await Promise.all([
        call(api.GET('/api/v1/staff/indicators/licences', params)),
        call(api.GET('/api/v1/staff/indicators/applications', params)),
        call(api.GET('/api/v1/staff/indicators/review-times', params)),
        call(api.GET('/api/v1/staff/indicators/shelter', params)),
        call(api.GET('/api/v1/staff/indicators/strays', params)),
        call(api.GET('/api/v1/staff/indicators/notices', params)),
        call(api.GET('/api/v1/staff/indicators/payments', params)),
      ])
      panels.value = { licences, applications, review_times: reviewTimes, shelter, strays, notices, payments }
      loadedAt.value = new Date()
      return panels.value
    } finally {
      loading.value = false
    }
  }

  return { filter, panels, loading, loadedAt, load }
})
