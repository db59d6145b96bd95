// Adoption applications (领养): the queue by status, one application with its eligibility, and the decisions:
// approve (the dog is reserved for the adopter), reject with a reason, complete the hand-over (which files the
// adopter's licence application).
import { defineStore } from 'pinia'

import { api, call, callPage, type Schemas } from '@/api/client'

export type AdoptionItem = Schemas['StaffAdoptionOut']
export type AdoptionDetail = Schemas['StaffAdoptionDetailOut']
export type AdoptionStatus = Schemas['AdoptionQueueQuery']['status']

export const ADOPTION_STATUS_NAMES: Record<string, string> = {
  submitted: '待审核', approved: '已通过待交接', completed: '已完成', rejected: '已驳回', withdrawn: '已撤回',
}

export const useAdoptionStore = defineStore('adoption', () => {
  function queue(status: AdoptionStatus, limit: number, offset: number) {
    return callPage(api.GET('/api/v1/staff/adoption/applications', { params: { query: { status, limit, offset } } }))
  }

  function get(id: string): Promise<AdoptionDetail> {
    return call(api.GET('/api/v1/staff/adoption/applications/{application_id}', {
      params: { path: { application_id: id } },
    }))
  }

  function approve(id: string): Promise<AdoptionItem> {
    return call(api.POST('/api/v1/staff/adoption/applications/{application_id}/approve', {
      params: { path: { application_id: id } }, body: {},
    }))
  }

  function reject(id: string, reason: string): Promise<AdoptionItem> {
    return call(api.POST('/api/v1/staff/adoption/applications/{application_id}/reject', {
      params: { path: { application_id: id } }, body: { reason },
    }))
  }

  function complete(id: string): Promise<AdoptionItem> {
    return call(api.POST('/api/v1/staff/adoption/applications/{application_id}/complete', {
      params: { path: { application_id: id } }, body: {},
    }))
  }

  return { queue, get, approve, reject, complete }
})
