// A scanned kennel or dog code → the API's record (POST /staff/shelter/scan) → where the keeper goes: the dog's
// record, or the kennel on the board.
import { useRouter } from 'vue-router'

import { ApiError, describe } from '@/api/errors'
import { parseShelterCode } from '@/scan/payload'
import { useShelterStore } from '@/stores/shelter'

export const acceptShelterCode = (text: string) => parseShelterCode(text) !== null

export function useScanTarget() {
  const store = useShelterStore()
  const router = useRouter()

  return async function open(text: string): Promise<void> {
    try {
      const found = await store.scan(text)
      if (found.kind === 'dog' && found.dogs[0]) {
        await router.push({ name: 'shelter-dog', params: { id: found.dogs[0].id } })
      } else if (found.kennel) {
        await router.push({ name: 'shelter-kennels', query: { kennel: found.kennel.code } })
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      ElMessage.error(describe(error))
    }
  }
}
