// The shelter (留检所): the kennel board, a dog's record, intake (also of a capture a team brought in), moves
// between kennels, status changes, medical entries and the QR scan.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, call, callPage, type Schemas } from '@/api/client'
import { todayInShanghai } from '@/dates'
import { type Board, buildBoard } from '@/shelter/board'

export type Dog = Schemas['StaffDogOut']
export type DogHistory = Schemas['DogHistoryOut']
export type Arrival = Schemas['ArrivalOut']
export type IntakeBody = Schemas['IntakeInput']
export type StrayIntakeBody = Schemas['StrayIntakeInput']
export type MedicalBody = Schemas['MedicalInput']
export type ScanResult = Schemas['ScanOut']
export type DogStatus = Schemas['DogStatusInput']['status']

const IN_CARE = ['quarantine', 'available', 'reserved'] as const
const PAGE = 200

export const useShelterStore = defineStore('shelter', () => {
  const board = ref<Board | null>(null)
  const loading = ref(false)

  /** Every in-care dog, page by page (a city shelter holds a few hundred). */
  async function dogsWithStatus(status: (typeof IN_CARE)[number]): Promise<Dog[]> {
    const dogs: Dog[] = []
    for (let offset = 0; ; offset += PAGE) {
      const page = await callPage(api.GET('/api/v1/staff/shelter/dogs', {
        params: { query: { status, limit: PAGE, offset } },
      }))
      dogs.push(...page.items)
      if (dogs.length >= page.total || page.items.length === 0) return dogs
    }
  }

  let inflight: Promise<void> | null = null

  /** One load at a time: the router starts it (prefetch) and the page joins it. */
  function loadBoard(): Promise<void> {
    if (inflight) return inflight
    loading.value = true
    inflight = Promise.all([
      call(api.GET('/api/v1/staff/shelter/kennels')),
      ...IN_CARE.map((status) => dogsWithStatus(status)),
    ]).then(([kennels, ...groups]) => {
      board.value = buildBoard(kennels as Schemas['KennelOut'][], (groups as Dog[][]).flat(), todayInShanghai())
    }).finally(() => {
      inflight = null
      loading.value = false
    })
    return inflight
  }

  function listDogs(status: string | undefined, limit: number, offset: number) {
    return callPage(api.GET('/api/v1/staff/shelter/dogs', {
      params: { query: { status: status as Schemas['DogsQuery']['status'], limit, offset } },
    }))
  }

  function getDog(id: string): Promise<Dog> {
    return call(api.GET('/api/v1/staff/shelter/dogs/{dog_id}', { params: { path: { dog_id: id } } }))
  }

  function history(id: string): Promise<DogHistory> {
    return call(api.GET('/api/v1/staff/shelter/dogs/{dog_id}/history', { params: { path: { dog_id: id } } }))
  }

  function takeIn(body: IntakeBody): Promise<Dog> {
    return call(api.POST('/api/v1/staff/shelter/dogs', { body }))
  }

  function arrivals(): Promise<Arrival[]> {
    return call(api.GET('/api/v1/staff/shelter/arrivals'))
  }

  async function takeInArrival(reportId: string, intake: StrayIntakeBody, note: string): Promise<string> {
    const done = await call(api.POST('/api/v1/staff/shelter/arrivals/{report_id}/intake', {
      params: { path: { report_id: reportId } },
      body: { intakes: [intake], note },
    }))
    return done.shelter_dogs[0].id
  }

  function update(id: string, body: Schemas['DogUpdateInput']): Promise<Dog> {
    return call(api.PATCH('/api/v1/staff/shelter/dogs/{dog_id}', { params: { path: { dog_id: id } }, body }))
  }

  function moveTo(id: string, kennelCode: string): Promise<Dog> {
    return update(id, { kennel_code: kennelCode } as Schemas['DogUpdateInput'])
  }

  function changeStatus(id: string, status: DogStatus, reason: string): Promise<Dog> {
    return call(api.POST('/api/v1/staff/shelter/dogs/{dog_id}/status', {
      params: { path: { dog_id: id } },
      body: { status, reason },
    }))
  }

  function addMedical(id: string, body: MedicalBody): Promise<Schemas['MedicalOut']> {
    return call(api.POST('/api/v1/staff/shelter/dogs/{dog_id}/medical', { params: { path: { dog_id: id } }, body }))
  }

  function scan(text: string): Promise<ScanResult> {
    return call(api.POST('/api/v1/staff/shelter/scan', { body: { text } }))
  }

  return { board, loading, loadBoard, listDogs, getDog, history, takeIn, arrivals, takeInArrival, update, moveTo,
    changeStatus, addMedical, scan }
})
