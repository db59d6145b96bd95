// Zones and rejection reasons: read once per session, used by filters and dialogs.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, type Schemas } from '@/api/client'

export const useReferenceStore = defineStore('reference', () => {
  const zones = ref<Schemas['Zone'][]>([])
  const rejectReasons = ref<Schemas['RejectReasonOut'][]>([])

  async function loadZones(): Promise<void> {
    if (!zones.value.length) zones.value = await call(api.GET('/api/v1/zones'))
  }

  async function loadRejectReasons(): Promise<void> {
    if (!rejectReasons.value.length) rejectReasons.value = await call(api.GET('/api/v1/staff/reject-reasons'))
  }

  function zoneName(code: string): string {
    return zones.value.find((zone) => zone.code === code)?.name ?? code
  }

  return { zones, rejectReasons, loadZones, loadRejectReasons, zoneName }
})
