// Photos taken on the kennel floor go to the staff upload endpoint as they are; the server re-encodes them (upright,
// no EXIF or GPS, sRGB), so the browser needs to do nothing to them first.
import { api, call } from './client'

export async function uploadStaffPhoto(file: File): Promise<string> {
  const form = new FormData()
  form.append('file', file)
  const uploaded = await call(api.POST('/api/v1/staff/uploads', {
    body: form as unknown as { file: string },
    bodySerializer: (body) => body as unknown as FormData,
  }))
  return uploaded.upload_id
}
