import { describe, expect, it } from 'vitest'

import { buildBoard, type Kennel, noteFor, type ShelterDog, tileMatches, vaccinationDue } from './board'

const TODAY = '2026-12-01'

function kennel(code: string, area = 'A区', capacity = 1): Kennel {
  return { id: `k-${code}`, code, area, capacity, occupied: 0, qrcode_url: '' }
}

function rabies(done: string, expires: string) {
  return { id: `m-${done}`, kind: 'rabies_vaccination', done_on: done, product: '', certificate_no: 'SY-1',
    expires_on: expires, note: '' }
}

function dog(fields: Partial<ShelterDog>): ShelterDog {
  return { id: 'd1', dog_no: 'SD-2026-000001', name: '小黄', breed: '中华田园犬', sex: 'female', colour: '黄',
    size: 'medium', age_months: 24, neutered: false, temperament: '', description: '', status: 'quarantine',
    photo_urls: [], kennel_code: 'A-001', source: 'stray_capture', stray_report_id: null, intake_at: '',
    intake_place: '', quarantine_until: '2026-12-05', staff_notes: '', tag_token: null, chip_no: null,
    matched_licence_id: null, medical: [], qrcode_url: '', ...fields }
}

describe('vaccination due', () => {
  it('takes the latest rabies vaccination given by today', () => {
    const medical = [rabies('2025-06-01', '2026-06-01'), rabies('2026-06-02', '2027-06-02'),
      { ...rabies('2026-11-01', '2027-11-01'), kind: 'deworming' }]
    expect(vaccinationDue(medical, TODAY)).toEqual({ date: '2027-06-02', level: 'ok' })
  })

  it('says soon within 30 days, overdue after, missing without any', () => {
    expect(vaccinationDue([rabies('2025-12-20', '2026-12-20')], TODAY).level).toBe('soon')
    expect(vaccinationDue([rabies('2025-11-20', '2026-11-30')], TODAY)).toEqual({ date: '2026-11-30',
      level: 'overdue' })
    expect(vaccinationDue([], TODAY)).toEqual({ date: null, level: 'missing' })
    // entered ahead of time (a planned date) does not count yet
    expect(vaccinationDue([rabies('2026-12-10', '2027-12-10')], TODAY).level).toBe('missing')
  })
})

describe('the kennel board', () => {
  const kennels = [kennel('A-010'), kennel('A-002'), kennel('B-001', 'B区', 2), kennel('A-001')]
  const dogs = [
    dog({ id: 'd1', kennel_code: 'A-002', quarantine_until: '2026-12-05', medical: [rabies('2026-11-20', '2027-11-20')] }),
    dog({ id: 'd2', kennel_code: 'B-001', status: 'available', name: '黑豆', medical: [rabies('2026-01-01', '2026-12-10')] }),
    dog({ id: 'd3', kennel_code: 'B-001', status: 'reserved', name: '花花', medical: [rabies('2026-01-01', '2027-01-10')] }),
    dog({ id: 'd4', kennel_code: null, quarantine_until: '2026-11-30', name: '阿黄' }),
  ]
  const board = buildBoard(kennels, dogs, TODAY)

  it('shows every kennel in code order, numbers sorted as numbers', () => {
    expect(board.tiles.map((t) => t.kennel.code)).toEqual(['A-001', 'A-002', 'A-010', 'B-001'])
    expect(board.areas).toEqual(['A区', 'B区'])
  })

  it('puts each dog in its kennel and keeps the dogs waiting for one apart', () => {
    expect(board.tiles.map((t) => t.dogs.map((d) => d.dog.id))).toEqual([[], ['d1'], [], ['d2', 'd3']])
    expect(board.unassigned.map((d) => d.dog.id)).toEqual(['d4'])
    expect(board.tiles.map((t) => t.state)).toEqual(['empty', 'quarantine', 'empty', 'mixed'])
  })

  it('counts what the keeper acts on', () => {
    expect(board.counts).toEqual({ kennels: 4, empty: 2, dogs: 4, quarantine: 2, available: 1, reserved: 1,
      vaccinationDue: 2, quarantineOver: 1 })
  })

  it('notes the most urgent fact on a tile', () => {
    expect(board.tiles[1].note).toEqual({ text: '观12-05', level: 'warning' }) // in quarantine until 5 December
    expect(board.tiles[3].note).toEqual({ text: '疫12-10', level: 'warning' }) // rabies vaccination runs out
    expect(noteFor(board.unassigned)).toEqual({ text: '无疫苗', level: 'danger' })
    expect(board.tiles.map((t) => t.note?.text.length ?? 0).every((n) => n <= 6)).toBe(true)
    expect(board.tiles[0].note).toBeNull()
  })

  it('finds a tile by kennel code, dog number or name', () => {
    expect(board.tiles.filter((t) => tileMatches(t, '黑豆')).map((t) => t.kennel.code)).toEqual(['B-001'])
    expect(board.tiles.filter((t) => tileMatches(t, 'a-00')).length).toBe(2)
    expect(board.tiles.filter((t) => tileMatches(t, ' ')).length).toBe(4)
  })
})
