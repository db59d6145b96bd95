// 犬证 for staff: search, a licence's file, the recorded look at the holder's full phone.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'

export type LicenceHit = Schemas['LicenceHitOut']
export type StaffLicence = Schemas['StaffLicenceOut']
export type LicenceStatus = StaffLicence['status']

export const useLicencesStore = defineStore('licences', () => {
  const term = ref('')
  const status = ref<LicenceStatus | undefined>(undefined)
  const items = ref<LicenceHit[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = 20
  const loading = ref(false)

  async function search(): Promise<void> {
    if (!term.value) {
      items.value = []
      total.value = 0
      return
    }
    loading.value = true
    try {
      const query = { q: term.value, status: status.value, limit: pageSize, offset: (page.value - 1) * pageSize }
      const result = await callPage(api.GET('/api/v1/staff/licences', { params: { query } }))
      items.value = result.items
      total.value = result.total
    } finally {
      loading.value = false
    }
  }

  function get(id: string): Promise<StaffLicence> {
    return call(api.GET('/api/v1/staff/licences/{licence_id}', { params: { path: { licence_id: id } } }))
  }

  /** The holder's full phone: the API records who looked, when and why (查询留痕). */
  async function revealPhone(id: string, reason: string): Promise<string> {
    const revealed = await call(api.POST('/api/v1/staff/personal-data/reveal', {
      body: { record_type: 'licence', record_id: id, fields: ['phone'], reason },
    }))
    return revealed.phone ?? ''
  }

  return { term, status, items, total, page, pageSize, loading, search, get, revealPhone }
})
