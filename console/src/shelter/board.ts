// The kennel board: every kennel as a tile with its occupants, when their quarantine ends and when their rabies
// vaccination runs out. Pure: built from the kennels and the dogs in care, so it is tested without a browser.
import type { Schemas } from '@/api/client'
import { daysBetween, monthDay } from '@/dates'

export type Kennel = Schemas['KennelOut']
export type ShelterDog = Schemas['StaffDogOut']
export type Medical = Schemas['MedicalOut']

/** A vaccination running out within this many days is shown as due soon. */
export const VACCINATION_SOON_DAYS = 30

export interface VaccinationDue {
  date: string | null
  level: 'ok' | 'soon' | 'overdue' | 'missing'
}

export interface QuarantineState {
  until: string
  /** ongoing: still in quarantine; over: ended, the dog may be opened for adoption; none: not in quarantine */
  level: 'ongoing' | 'over' | 'none'
}

export interface BoardDog {
  dog: ShelterDog
  vaccination: VaccinationDue
  quarantine: QuarantineState
}

export interface Tile {
  kennel: Kennel
  dogs: BoardDog[]
  state: 'empty' | 'quarantine' | 'available' | 'reserved' | 'mixed'
  /** The most urgent fact, short enough for a tile ('疫苗过期', '观至12-05', …), and how urgent. */
  note: { text: string; level: 'danger' | 'warning' | 'success' | 'info' } | null
}

export interface Board {
  tiles: Tile[]
  unassigned: BoardDog[]
  areas: string[]
  counts: { kennels: number; empty: number; dogs: number; quarantine: number; available: number; reserved: number;
    vaccinationDue: number; quarantineOver: number }
}

/** The latest rabies vaccination given by today: when it runs out. */
export function vaccinationDue(medical: Medical[], today: string): VaccinationDue {
  const expiries = medical
    .filter((entry) => entry.kind === 'rabies_vaccination' && entry.expires_on && entry.done_on <= today)
    .map((entry) => entry.expires_on as string)
    .sort()
  const date = expiries.at(-1) ?? null
  if (date === null) return { date, level: 'missing' }
  const left = daysBetween(today, date)
  if (left < 0) return { date, level: 'overdue' }
  return { date, level: left <= VACCINATION_SOON_DAYS ? 'soon' : 'ok' }
}

export function quarantineState(dog: ShelterDog, today: string): QuarantineState {
  if (dog.status !== 'quarantine') return { until: dog.quarantine_until, level: 'none' }
  return { until: dog.quarantine_until, level: dog.quarantine_until <= today ? 'over' : 'ongoing' }
}

function onBoard(dog: ShelterDog, today: string): BoardDog {
  return { dog, vaccination: vaccinationDue(dog.medical, today), quarantine: quarantineState(dog, today) }
}

function stateOf(dogs: BoardDog[]): Tile['state'] {
  const statuses = new Set(dogs.map((d) => d.dog.status))
  if (statuses.size === 0) return 'empty'
  if (statuses.size > 1) return 'mixed'
  return [...statuses][0] as Tile['state']
}

/** Overdue or missing vaccinations first, then a quarantine that has ended, one still running, a vaccination due
 * soon. Four Chinese characters, or one and a date: it fits a tile 58 px wide (158 on a 1024×768 tablet). */
export function noteFor(dogs: BoardDog[]): Tile['note'] {
  if (dogs.some((d) => d.vaccination.level === 'overdue')) return { text: '疫苗过期', level: 'danger' }
  if (dogs.some((d) => d.vaccination.level === 'missing')) return { text: '无疫苗', level: 'danger' }
  if (dogs.some((d) => d.quarantine.level === 'over')) return { text: '观察期满', level: 'success' }
  const ongoing = dogs.filter((d) => d.quarantine.level === 'ongoing').map((d) => d.quarantine.until).sort()[0]
  if (ongoing) return { text: `观${monthDay(ongoing)}`, level: 'warning' }
  const soon = dogs.map((d) => d.vaccination).filter((v) => v.level === 'soon').map((v) => v.date ?? '').sort()[0]
  if (soon) return { text: `疫${monthDay(soon)}`, level: 'warning' }
  return null
}

export function buildBoard(kennels: Kennel[], dogs: ShelterDog[], today: string): Board {
  const byKennel = new Map<string, BoardDog[]>()
  const unassigned: BoardDog[] = []
  for (const dog of dogs) {
    const entry = onBoard(dog, today)
    if (dog.kennel_code) byKennel.set(dog.kennel_code, [...(byKennel.get(dog.kennel_code) ?? []), entry])
    else unassigned.push(entry)
  }
  const tiles = [...kennels]
    .sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }))
    .map((kennel) => {
      const occupants = byKennel.get(kennel.code) ?? []
      return { kennel, dogs: occupants, state: stateOf(occupants), note: noteFor(occupants) }
    })
  const all = [...tiles.flatMap((tile) => tile.dogs), ...unassigned]
  return {
    tiles,
    unassigned,
    areas: [...new Set(tiles.map((tile) => tile.kennel.area).filter(Boolean))],
    counts: {
      kennels: tiles.length,
      empty: tiles.filter((tile) => tile.state === 'empty').length,
      dogs: all.length,
      quarantine: all.filter((d) => d.dog.status === 'quarantine').length,
      available: all.filter((d) => d.dog.status === 'available').length,
      reserved: all.filter((d) => d.dog.status === 'reserved').length,
      vaccinationDue: all.filter((d) => d.vaccination.level !== 'ok').length,
      quarantineOver: all.filter((d) => d.quarantine.level === 'over').length,
    },
  }
}

/** A tile matches a search by kennel code, dog number or dog name. */
export function tileMatches(tile: Tile, query: string): boolean {
  const text = query.trim().toLowerCase()
  if (!text) return true
  return tile.kennel.code.toLowerCase().includes(text) ||
    tile.dogs.some((d) => d.dog.dog_no.toLowerCase().includes(text) || d.dog.name.toLowerCase().includes(text))
}

export const DOG_STATUS_NAMES: Record<string, string> = {
  quarantine: '留检观察', available: '待领养', reserved: '已预定', adopted: '已领养', reclaimed: '主人领回',
  transferred: '已转出', died: '已死亡',
}

export const SOURCE_NAMES: Record<string, string> = {
  stray_capture: '流浪犬捕获', owner_surrender: '犬主弃养', public_found: '市民拾获送交',
}

export const SIZE_NAMES: Record<string, string> = { small: '小型', medium: '中型', large: '大型' }

export const MEDICAL_KINDS: Record<string, string> = {
  rabies_vaccination: '狂犬疫苗', vaccination: '其他疫苗', deworming: '驱虫', disinfection: '消毒', medical: '诊疗',
}

/** Where staff may move a dog from each status (backend/shelter/models/shelter.py DOG_TRANSITIONS, less the adoption moves,
 * which go through adoption applications). */
export const STAFF_MOVES: Record<string, string[]> = {
  quarantine: ['available', 'reclaimed', 'transferred', 'died'],
  available: ['quarantine', 'reclaimed', 'transferred', 'died'],
  reserved: ['reclaimed', 'died'],
}
