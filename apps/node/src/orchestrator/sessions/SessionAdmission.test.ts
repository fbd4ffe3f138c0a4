import { describe, expect, it } from 'vitest'
import { addressKey, SessionAdmission } from './SessionAdmission.ts'

const admission = (o: Partial<ConstructorParameters<typeof SessionAdmission>[0]> = {}) =>
  new SessionAdmission({
    maxSessions: 2,
    maxPendingSessions: 3,
    maxPendingPerAddress: 2,
    admitTimeoutMs: 1000,
    ...o,
  })

describe('addressKey', () => {
  it('unwraps IPv4-mapped IPv6 and groups IPv6 by /64', () => {
    expect(addressKey('127.0.0.2')).toBe('127.0.0.2')
    expect(addressKey('::ffff:127.0.0.2')).toBe('127.0.0.2')
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })
})

describe('SessionAdmission.reserve', () => {
  it('limits offers per address (SESSION_PENDING_LIMIT) and gives places back on release', () => {
    const refused: string[] = []
    const a = admission({ onRefused: (code) => refused.push(code) })
    const first = a.reserve('10.0.0.1')
    a.reserve('::ffff:10.0.0.1')
    expect(() => a.reserve('10.0.0.1')).toThrow(
      expect.objectContaining({ code: 'SESSION_PENDING_LIMIT', httpStatus: 429 }),
    )
    expect(refused).toEqual(['SESSION_PENDING_LIMIT'])
    first.release()
    first.release()
    expect(a.pendingCount).toBe(1)
    a.reserve('10.0.0.1')
    expect(a.pendingCount).toBe(2)
  })

  it('refuses when every pending place is still negotiating (nothing to evict)', () => {
    const a = admission()
    a.reserve('10.0.0.1')
    a.reserve('10.0.0.2')
    a.reserve(undefined) // in-process callers name no address: no per-address limit
    expect(() => a.reserve('10.0.0.3')).toThrow(
      expect.objectContaining({ code: 'SESSION_LIMIT_REACHED', httpStatus: 503 }),
    )
  })

  it('refuses every offer when maxSessions is 0', () => {
    expect(() => admission({ maxSessions: 0 }).reserve('10.0.0.1')).toThrow(
      expect.objectContaining({ code: 'SESSION_LIMIT_REACHED' }),
    )
  })
})
