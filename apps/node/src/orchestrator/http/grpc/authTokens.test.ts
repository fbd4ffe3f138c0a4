import { authTokenMac } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { AuthTokens } from './authTokens.ts'

describe('AuthTokens', () => {
  const clock = { t: 1_700_000_000_000, now: () => clock.t }

  it('issues 8-hex session ids expiring in 30 min, with the HMAC under its secret', () => {
    const secret = new Uint8Array(32).fill(9)
    const tokens = new AuthTokens({ secret, clock })
    const a = tokens.issue()
    const b = tokens.issue()
    expect(a.sessionId).toMatch(/^[0-9a-f]{8}$/)
    expect(a.sessionId).not.toBe(b.sessionId)
    expect(a.expiration).toBe(1_700_000_000n + 1800n)
    expect(a.token).toEqual(authTokenMac(secret, a.sessionId, a.expiration))
  })

  it('checks a segment token: missing, invalid, expired, in that order', () => {
    const tokens = new AuthTokens({ clock })
    const t = tokens.issue()
    expect(tokens.verify(t)).toBe(t)
    expect(() => tokens.verify(undefined)).toThrow('missing auth token')
    expect(() => new AuthTokens({ clock }).verify(t)).toThrow('invalid auth token') // another process
    expect(() => tokens.verify({ ...t, expiration: t.expiration + 1n })).toThrow('invalid auth token')
    clock.t += 1801_000
    expect(() => tokens.verify(t)).toThrow('expired auth token')
  })

  it('ends a session on the HMAC alone, expired or not', () => {
    const tokens = new AuthTokens({ clock })
    const t = tokens.issue()
    clock.t += 3600_000
    expect(tokens.verifyForEnd(t)).toBe(t)
    expect(() => tokens.verifyForEnd(undefined)).toThrow('Invalid auth token')
    expect(() => new AuthTokens().verifyForEnd(t)).toThrow('Invalid auth token')
  })
})
