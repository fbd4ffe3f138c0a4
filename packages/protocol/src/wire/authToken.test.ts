import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'
import { hexToBytes, stringToBytes, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  AUTH_TOKEN_LIFETIME_SECONDS,
  authTokenMac,
  authTokenNeedsRefresh,
  authTokenValid,
  createAuthToken,
  newAuthToken,
  verifyAuthToken,
} from './authToken.ts'

const secret = new Uint8Array(32).fill(9)

describe('AuthToken', () => {
  it('HMAC-SHA256 primitive matches RFC 4231 case 1', () => {
    const mac = hmac(sha256, new Uint8Array(20).fill(0x0b), stringToBytes('Hi There'))
    expect(toHex(mac)).toBe('0xb0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7')
  })

  it('MACs utf8(session id) ‖ minimal big-endian expiration', () => {
    const exp = 0x6553f100n
    const msg = new Uint8Array([...stringToBytes('abcd0123'), ...hexToBytes('0x6553f100')])
    expect(authTokenMac(secret, 'abcd0123', exp)).toEqual(hmac(sha256, secret, msg))
    expect(authTokenMac(secret, 's', 0n)).toEqual(hmac(sha256, secret, stringToBytes('s')))
    expect(authTokenMac(secret, 's', 1n)).toEqual(hmac(sha256, secret, new Uint8Array([0x73, 1])))
  })

  it('issues 8-hex-char session ids that expire in 30 min', () => {
    const t = newAuthToken(secret, 1000n)
    expect(t.sessionId).toMatch(/^[0-9a-f]{8}$/)
    expect(t.expiration).toBe(1000n + AUTH_TOKEN_LIFETIME_SECONDS)
    expect(authTokenValid(secret, t)).toBe(true)
    expect(newAuthToken(secret, 1000n).sessionId).not.toBe(t.sessionId)
  })

  it("checks present, HMAC, expiry in order with go-livepeer's texts", () => {
    const t = createAuthToken(secret, 'abcd0123', 2000n)
    expect(verifyAuthToken(secret, t, 2000n)).toBe(t)
    expect(() => verifyAuthToken(secret, undefined, 0n)).toThrowError(
      expect.objectContaining({ code: 'WIRE_AUTH_TOKEN_MISSING', shortMessage: 'missing auth token' }),
    )
    const foreign = createAuthToken(new Uint8Array(32), 'abcd0123', 2000n)
    expect(() => verifyAuthToken(secret, foreign, 0n)).toThrowError(
      expect.objectContaining({ code: 'WIRE_AUTH_TOKEN_INVALID', shortMessage: 'invalid auth token' }),
    )
    expect(() => verifyAuthToken(secret, { ...t, expiration: 9999n }, 0n)).toThrow('invalid auth token')
    expect(() => verifyAuthToken(secret, { ...t, sessionId: 'abcd0124' }, 0n)).toThrow('invalid auth token')
    // a foreign token that is also stale is reported invalid first
    expect(() => verifyAuthToken(secret, foreign, 5000n)).toThrow('invalid auth token')
    expect(() => verifyAuthToken(secret, t, 2001n)).toThrowError(
      expect.objectContaining({ code: 'WIRE_AUTH_TOKEN_EXPIRED', shortMessage: 'expired auth token' }),
    )
  })

  it('asks the gateway to refresh in the last 180 s', () => {
    const t = createAuthToken(secret, 'x', 1800n)
    expect(authTokenNeedsRefresh(t, 1620n)).toBe(false)
    expect(authTokenNeedsRefresh(t, 1621n)).toBe(true)
    expect(authTokenNeedsRefresh(undefined, 0n)).toBe(true)
  })
})
