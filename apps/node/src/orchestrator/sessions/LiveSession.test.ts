import { LIVE_PIXELS_PER_SECOND, type PriceInfo, type Rational, rational } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { publishSegment } from '../trickle/localTrickle.ts'
import { TrickleServer } from '../trickle/TrickleServer.ts'
import { type LiveLedger, LiveSession } from './LiveSession.ts'

/** A ledger of one account, in wei (integers), recording debits. */
function ledger(price: PriceInfo | undefined, balance: bigint): LiveLedger & { debits: bigint[] } {
  let bal = balance
  const debits: bigint[] = []
  return {
    debits,
    account: () => ({ price }),
    balance: (): Rational => rational(bal),
    debitPixels: (_s, _m, pixels) => {
      debits.push(pixels)
      bal -= pixels * (price?.pricePerUnit ?? 0n)
      return rational(bal)
    },
  }
}

function session(l: LiveLedger | undefined, clock: { t: number }) {
  const trickle = new TrickleServer({ now: () => clock.t })
  const s = new LiveSession({
    mid: 'abcd1234',
    modelId: 'builtin:sepia',
    params: {},
    sender: '0x01',
    trickle,
    ...(l ? { ledger: l } : {}),
    paymentIntervalMs: 5000,
    now: () => clock.t,
  })
  const segment = () => publishSegment(s.channels.input, new Uint8Array([1]), clock.t)
  return { s, trickle, segment }
}

describe('LiveSession', () => {
  it('makes its four channels with their MIME types, and removes them all when one is deleted', () => {
    const clock = { t: 0 }
    const { s, trickle } = session(undefined, clock)
    expect(Object.values(s.channels).map((c) => [c.name, c.mime])).toEqual([
      ['abcd1234', 'video/MP2T'],
      ['abcd1234-out', 'video/MP2T'],
      ['abcd1234-control', 'application/json'],
      ['abcd1234-events', 'application/json'],
    ])
    trickle.delete('abcd1234-control')
    expect(s.closed).toBe(true)
    expect(trickle.size).toBe(0)
    trickle.close()
  })

  it('debits 27,648,000 pixels per second of wall time, once per interval, while segments arrive', () => {
    const clock = { t: 0 }
    const l = ledger({ pricePerUnit: 1n, pixelsPerUnit: 1n }, 10n ** 12n)
    const { s, trickle, segment } = session(l, clock)
    clock.t = 1000
    segment() // within the interval: nothing yet
    expect(l.debits).toEqual([])
    clock.t = 6000
    segment()
    expect(l.debits).toEqual([6n * LIVE_PIXELS_PER_SECOND])
    expect(s.closed).toBe(false)
    trickle.close()
  })

  it('keeps its four channels from the idle sweep while input arrives', () => {
    const clock = { t: 0 }
    const { s, trickle, segment } = session(undefined, clock)
    clock.t = 4 * 60_000
    segment()
    clock.t = 6 * 60_000
    trickle.sweep()
    expect([s.closed, trickle.size]).toEqual([false, 4])
    clock.t = 10 * 60_000
    trickle.sweep()
    expect([s.closed, trickle.size]).toEqual([true, 0])
  })

  it('does no accounting at price 0', () => {
    const clock = { t: 0 }
    const l = ledger({ pricePerUnit: 0n, pixelsPerUnit: 1n }, 0n)
    const { s, trickle, segment } = session(l, clock)
    clock.t = 60_000
    segment()
    expect(l.debits).toEqual([])
    expect(s.closed).toBe(false)
    trickle.close()
  })

  it('closes all four channels with the insufficient balance text when the balance cannot cover the fee', async () => {
    const clock = { t: 0 }
    const l = ledger({ pricePerUnit: 2n, pixelsPerUnit: 1n }, 100n)
    const { s, trickle, segment } = session(l, clock)
    const reason = new Promise<string>((r) => s.once('closed', r))
    clock.t = 5000
    segment()
    const fee = 5n * LIVE_PIXELS_PER_SECOND * 2n
    expect(await reason).toBe(`insufficient balance, mid=abcd1234, fee=${fee}, balance=100`)
    expect(l.debits).toEqual([])
    expect(trickle.size).toBe(0)
    trickle.close()
  })
})
