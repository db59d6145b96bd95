// Annual inspections (年检) waiting for review, where the city requires it (INSPECTION_REQUIRES_REVIEW).
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, type Schemas } from '@/api/client'

export type InspectionItem = Schemas['StaffInspectionOut']

export const useInspectionStore = defineStore('inspections', () => {
  const items = ref<InspectionItem[]>([])
  const loading = ref(false)

  async function fetchQueue(): Promise<void> {
    loading.value = true
    try {
      items.value = await call(api.GET('/api/v1/staff/inspections'))
    } finally {
      loading.value = false
    }
  }

  async function approve(id: string): Promise<void> {
    await call(api.POST('/api/v1/staff/inspections/{inspection_id}/approve', {
      params: { path: { inspection_id: id } },
    }))
  }

  async function reject(id: string, reasonCode: string | null, reason: string): Promise<void> {
    await call(api.POST('/api/v1/staff/inspections/{inspection_id}/reject', {
      params: { path: { inspection_id: id } },
      body: { reason_code: reasonCode, reason },
    }))
  }

  return { items, loading, fetchQueue, approve, reject }
})
