// A dog's recorded steps (GET /staff/shelter/dogs/{id}/history) in words a keeper reads.
import type { Schemas } from '@/api/client'

import { DOG_STATUS_NAMES, MEDICAL_KINDS } from './board'

export type Step = Schemas['DogStepOut']

const FIELD_NAMES: Record<string, string> = {
  kennel_code: '犬舍', name: '犬名', temperament: '性格', description: '描述', staff_notes: '内部备注',
  neutered: '绝育', photo_upload_ids: '照片',
}

export function describeStep(step: Step): string {
  const data = step.data as Record<string, unknown>
  switch (step.action) {
    case 'taken_in':
      return data.kennel ? `收容入所，入住犬舍 ${String(data.kennel)}` : '收容入所（未分配犬舍）'
    case 'status_changed':
      return `${DOG_STATUS_NAMES[step.from_status ?? ''] ?? step.from_status} → ${DOG_STATUS_NAMES[step.to_status ?? ''] ?? step.to_status}`
    case 'medical_entry':
      return `${MEDICAL_KINDS[String(data.kind)] ?? '医疗'}记录（${String(data.done_on ?? '')}）`
    case 'updated': {
      const fields = (data.fields as string[] | undefined) ?? []
      return `修改${fields.map((field) => FIELD_NAMES[field] ?? field).join('、') || '信息'}`
    }
    case 'owner_found':
      return `${data.matched_by === 'tag' ? '犬牌' : '芯片'}与犬证 ${String(data.licence_no ?? '')} 相符，已通知犬主`
    default:
      return step.action
  }
}
