// What a scanned (or typed) code says. Kennel and dog QR codes carry `<PUBLIC_BASE_URL>/s/K<token>` or `/s/D<token>`
// (backend/shelter/records.py, scan_text); a visitor's booking QR code carries the 10-character check-in code
// (backend/shelter/bookings.py, CODE_ALPHABET: no 0/O, 1/I/L, so it can be read aloud and typed).

export type ShelterCode = { kind: 'kennel' | 'dog'; text: string }

const SHELTER_CODE = /^(?:https?:\/\/[^/\s]+(?:\/[^\s]*)?\/s\/)?([KD])([A-Za-z0-9_-]{8,31})\/?$/
const CHECKIN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CHECKIN_CODE_LENGTH = 10

/** A kennel's or a dog's code, from a scanned URL or a typed `K…`/`D…` code; null for anything else. */
export function parseShelterCode(raw: string): ShelterCode | null {
  const match = SHELTER_CODE.exec(raw.trim())
  if (!match) return null
  return { kind: match[1] === 'K' ? 'kennel' : 'dog', text: raw.trim() }
}

/** A visitor's check-in code: spaces and dashes people type are dropped, letters upper-cased, look-alikes refused. */
export function parseCheckinCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toUpperCase()
  if (code.length !== CHECKIN_CODE_LENGTH) return null
  return [...code].every((c) => CHECKIN_ALPHABET.includes(c)) ? code : null
}

const TAG_URL = /^https?:\/\/[^/\s]+(?:\/[^\s]*)?\/t\/([A-Za-z0-9_-]{16,32})\/?$/

/** The token of a DogPass licence tag (the QR code on a licensed dog's collar: `<PUBLIC_BASE_URL>/t/<token>`). A dog
 * taken in with it is matched to its licence, and the owner is told at once. */
export function parseTagToken(raw: string): string | null {
  return TAG_URL.exec(raw.trim())?.[1] ?? null
}
