// The 工作台: the signed-in staff member's counts of waiting work (GET /staff/workbench).
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, type Schemas } from '@/api/client'

export type Workbench = Schemas['WorkbenchOut']

export const useWorkbenchStore = defineStore('workbench', () => {
  const board = ref<Workbench | null>(null)
  const loading = ref(false)
  let inflight: Promise<void> | null = null

  /** One request at a time: the router asks as the page opens (prefetch), the page then joins that answer. */
  function load(): Promise<void> {
    if (inflight) return inflight
    loading.value = true
    inflight = call(api.GET('/api/v1/staff/workbench'))
      .then((answer) => {
        board.value = answer
      })
      .finally(() => {
        inflight = null
        loading.value = false
      })
    return inflight
  }

  return { board, loading, load }
})
