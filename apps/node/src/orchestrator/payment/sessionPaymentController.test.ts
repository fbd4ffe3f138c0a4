import { rational } from '@prism/protocol'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { BalanceLedger } from './balanceLedger.ts'
import { SessionPaymentController } from './sessionPaymentController.ts'
import type { ReceiveResult } from './ticketReceiver.ts'

const GW = '0x00000000000000000000000000000000000000bb' as Address

function setup(over: { free?: boolean } = {}) {
  let now = 0
  const clock = { now: () => now }
  const ledger = new BalanceLedger(clock)
  // 1000 px/s at 2 wei/px → 2000 wei/s; 10 s prepay = 20000 wei.
  const ctl = new SessionPaymentController({
    sessionId: 's1',
    ledger,
    clock,
    expectedPixelsPerSecond: 1000n,
    prepaySeconds: 10,
    graceSeconds: 5,
    closeAfterSeconds: 20,
    ...over,
  })
  const events: string[] = []
  for (const e of ['start', 'paused', 'resumed', 'close'] as const) ctl.on(e, () => events.push(e))
  const payWei = (wei: bigint) => {
    ledger.fixPrice(GW, 's1', { pricePerUnit: 2n, pixelsPerUnit: 1n })
    if (wei > 0n) ledger.credit(GW, 's1', rational(wei))
    const res: ReceiveResult = {
      sender: GW,
      price: { pricePerUnit: 2n, pixelsPerUnit: 1n },
      credited: 1,
      credit: rational(wei),
      winners: 0,
      verified: 1,
      error: null,
      fatal: false,
    }
    ctl.handlePaymentResult(res)
  }
  return { ctl, ledger, events, advance: (ms: number) => (now += ms), payWei }
}

describe('SessionPaymentController', () => {
  it('keeps output paused until the prepayment covers prepaySeconds of expected pixels', () => {
    const { ctl, events, payWei } = setup()
    expect(ctl.state).toBe('awaitingPrepay')
    payWei(19_999n)
    expect(events).toEqual([])
    expect(ctl.prepayRequired()).toEqual(rational(20_000n))
    payWei(1n)
    expect(events).toEqual(['start'])
    expect(ctl.state).toBe('running')
  })

  it('debits output pixels at the fixed price', () => {
    const { ctl, ledger, payWei } = setup()
    payWei(20_000n)
    ctl.handleOutputPixels(1500n)
    expect(ledger.balance(GW, 's1')).toEqual(rational(17_000n))
  })

  it('starts a free session without payment', () => {
    const { ctl, events } = setup({ free: true })
    ctl.handleStart()
    expect(events).toEqual(['start'])
  })

  it('pauses after the grace period below zero, resumes on payment', () => {
    const { ctl, events, advance, payWei } = setup()
    payWei(20_000n)
    ctl.handleOutputPixels(10_001n) // balance −2 wei
    advance(4_999)
    ctl.handleTick()
    expect(ctl.state).toBe('running')
    advance(1)
    ctl.handleTick()
    expect(ctl.state).toBe('paused')
    payWei(2n)
    expect(ctl.state).toBe('running')
    expect(events).toEqual(['start', 'paused', 'resumed'])
  })

  it('closes a paused session that still does not pay', () => {
    const { ctl, events, advance, payWei } = setup()
    const reasons: string[] = []
    ctl.on('paused', (e) => reasons.push(e.code))
    ctl.on('close', (e) => reasons.push(e.code))
    payWei(20_000n)
    ctl.handleOutputPixels(20_000n)
    advance(5_000)
    ctl.handleTick()
    advance(19_999)
    ctl.handleTick()
    expect(ctl.state).toBe('paused')
    advance(1)
    ctl.handleTick()
    expect(ctl.state).toBe('closed')
    expect(events).toEqual(['start', 'paused', 'close'])
    expect(reasons).toEqual(['PAYMENT_BALANCE_INSUFFICIENT', 'PAYMENT_BALANCE_INSUFFICIENT'])
  })

  it('the ledger drops accounts unused past the TTL unless their session is live', () => {
    const { ledger, advance, payWei } = setup()
    payWei(5n)
    advance(1000)
    expect(ledger.prune(1000, () => true)).toBe(0)
    advance(1)
    expect(ledger.prune(1000, () => false)).toBe(1)
    expect(ledger.accounts()).toEqual([])
  })

  it('a balance that recovers within the grace period never pauses', () => {
    const { ctl, events, advance, payWei } = setup()
    payWei(20_000n)
    ctl.handleOutputPixels(10_001n)
    advance(3_000)
    ctl.handleTick()
    payWei(10n)
    advance(10_000)
    ctl.handleTick()
    expect(events).toEqual(['start'])
  })
})
