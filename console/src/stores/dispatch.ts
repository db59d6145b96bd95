// Stray reports for the dispatcher (流浪犬): the open jobs grouped, a report with the duplicates linked to it,
// dispatch to a team, resolve, and the hotspot grid with the districts ranked.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'
import type { StrayReport } from '@/dispatch/grouping'

export type StrayStatus = Schemas['StrayQueueQuery']['status']
export type ResolveBody = Schemas['ResolveInput']

export const useDispatchStore = defineStore('dispatch', () => {
  const reports = ref<StrayReport[]>([])
  const total = ref(0)
  const loading = ref(false)
  /** Teams sent before, offered when dispatching (the city's teams are not a list in the API). */
  const teams = computed(() => [...new Set(reports.value.map((r) => r.team).filter((t): t is string => !!t))])

  async function load(status: StrayStatus): Promise<void> {
    loading.value = true
    try {
      const page = await callPage(api.GET('/api/v1/staff/stray-reports', { params: { query: { status, limit: 200,
        offset: 0 } } }))
      reports.value = page.items
      total.value = page.total
    } finally {
      loading.value = false
    }
  }

  function get(id: string): Promise<StrayReport> {
    return call(api.GET('/api/v1/staff/stray-reports/{report_id}', { params: { path: { report_id: id } } }))
  }

  async function linked(id: string): Promise<StrayReport[]> {
    const answer = await call(api.GET('/api/v1/staff/stray-reports/{report_id}/linked', {
      params: { path: { report_id: id } },
    }))
    return answer.linked
  }

  function dispatch(id: string, team: string): Promise<StrayReport> {
    return call(api.POST('/api/v1/staff/stray-reports/{report_id}/dispatch', {
      params: { path: { report_id: id } }, body: { team },
    }))
  }

  async function resolve(id: string, body: ResolveBody): Promise<StrayReport> {
    const done = await call(api.POST('/api/v1/staff/stray-reports/{report_id}/resolve', {
      params: { path: { report_id: id } }, body,
    }))
    return done.report
  }

  function hotspots(query: Schemas['HotspotQuery']): Promise<Schemas['HotspotsOut']> {
    return call(api.GET('/api/v1/staff/stray-hotspots', { params: { query } }))
  }

  return { reports, total, loading, teams, load, get, linked, dispatch, resolve, hotspots }
})
