import { describe, expect, it } from 'vitest'

import { describeStep, type Step } from './steps'

const step = (fields: Partial<Step>): Step => ({ at: '2026-12-01T10:00:00+08:00', action: 'taken_in', from_status: null,
  to_status: null, reason: null, actor_type: 'staff', actor_name: '留检所管理员', data: {}, ...fields })

describe('a dog\'s steps in words', () => {
  it('says what each step did', () => {
    expect(describeStep(step({ data: { kennel: 'A-001' } }))).toBe('收容入所，入住犬舍 A-001')
    expect(describeStep(step({}))).toBe('收容入所（未分配犬舍）')
    expect(describeStep(step({ action: 'status_changed', from_status: 'quarantine', to_status: 'available' })))
      .toBe('留检观察 → 待领养')
    expect(describeStep(step({ action: 'medical_entry', data: { kind: 'rabies_vaccination', done_on: '2026-12-01' } })))
      .toBe('狂犬疫苗记录（2026-12-01）')
    expect(describeStep(step({ action: 'updated', data: { fields: ['kennel_code', 'photo_upload_ids'] } })))
      .toBe('修改犬舍、照片')
    expect(describeStep(step({ action: 'owner_found', data: { matched_by: 'chip', licence_no: '呼犬2026000123' } })))
      .toBe('芯片与犬证 呼犬2026000123 相符，已通知犬主')
  })
})
