import { describe, expect, it } from 'vitest'

import { parseCheckinCode, parseShelterCode, parseTagToken } from './payload'

describe('kennel and dog QR codes', () => {
  it('reads the URL the shelter prints, on any host', () => {
    expect(parseShelterCode('https://dogpass.example.gov.cn/s/KAbC_12-xyZ09klm')).toEqual({
      kind: 'kennel', text: 'https://dogpass.example.gov.cn/s/KAbC_12-xyZ09klm' })
    expect(parseShelterCode(' http://127.0.0.1:5123/s/Dq8Wk2mPz_Lr4TnYv \n')?.kind).toBe('dog')
  })

  it('takes a typed code without the address', () => {
    expect(parseShelterCode('KAbC_12-xyZ09klm')?.kind).toBe('kennel')
  })

  it('refuses what is not a shelter code', () => {
    for (const text of ['', 'hello', 'https://evil.example/x/KAbC_12-xyZ09', 'XAbC_12-xyZ09klm', 'K12', '7K3QABCDEF',
      'https://a.example/s/KAbC 12-xyZ09klm']) {
      expect(parseShelterCode(text), text).toBeNull()
    }
  })
})

describe('visitor check-in codes', () => {
  it('accepts the code as scanned or as typed with spaces, dashes and small letters', () => {
    expect(parseCheckinCode('7K3QABCDEF')).toBe('7K3QABCDEF')
    expect(parseCheckinCode('7k3q-abcd ef')).toBe('7K3QABCDEF')
  })

  it('refuses wrong lengths and look-alike characters the codes never contain', () => {
    expect(parseCheckinCode('7K3QABCDE')).toBeNull()
    expect(parseCheckinCode('7K3QABCDEFG')).toBeNull()
    expect(parseCheckinCode('0K3QABCDEF')).toBeNull() // 0 is never used (O)
    expect(parseCheckinCode('1K3QABCDEF')).toBeNull() // nor 1 (I, L)
    expect(parseCheckinCode('https://x/s/K123')).toBeNull()
  })
})

describe('licence tags on a collar', () => {
  it('reads the token of the public tag page', () => {
    expect(parseTagToken('https://dogpass.example.gov.cn/t/q8Wk2mPz_Lr4TnYvAbCdEf')).toBe('q8Wk2mPz_Lr4TnYvAbCdEf')
    expect(parseTagToken('https://dogpass.example.gov.cn/s/Kq8Wk2mPz_Lr4TnYv')).toBeNull()
    expect(parseTagToken('q8Wk2mPz_Lr4TnYvAbCdEf')).toBeNull() // only the printed URL
  })
})
