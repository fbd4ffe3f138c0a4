import type { OrchestratorInfo } from '@prism/protocol'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { Emitter } from '../lib/Emitter.ts'
import type { StreamSession, StreamSessionEvents } from '../session/StreamSession.ts'
import type { ChainClock } from './ChainClock.ts'
import { PaymentDriver } from './PaymentDriver.ts'
import { PaymentLedger } from './PaymentLedger.ts'

const ticketParams = {
  recipient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  faceValue: '1000000000000000',
  // EV = faceValue × winProb / (2^256 − 1) ≈ 1e15 / 1000 = 1e12 wei
  winProb: ((2n ** 256n - 1n) / 1000n).toString(),
  recipientRandHash: `0x${'11'.repeat(32)}`,
  seed: '0x2a',
  expirationBlock: '1000',
  expirationParams: { creationRound: '5', creationRoundBlockHash: `0x${'22'.repeat(32)}` },
}

const info: OrchestratorInfo = {
  version: 1,
  address: ticketParams.recipient,
  serviceURI: 'http://127.0.0.1:1',
  nodeVersion: 'test',
  price: { pricePerUnit: '1', pixelsPerUnit: '1' },
  ticketParams,
  capabilities: [],
  capabilityBitstring: [],
  pipelines: [{ kind: 'ai' }],
  models: [],
  capacity: { maxSessions: 1, sessions: 0 },
  encoder: 'libx264',
}

/** A stand-in for the peer-connection session: records what the driver sends and fails. */
function fakeSession() {
  const events = new Emitter<StreamSessionEvents>()
  const sent: { type: string; seq: number; payment: string }[] = []
  const failures: [string, string][] = []
  const session = {
    url: 'http://127.0.0.1:1',
    pipeline: { version: 1, kind: 'ai', width: 64, height: 64, stages: [] },
    events,
    sendPayment: (m: { type: string; seq: number; payment: string }) => {
      sent.push(m)
      return true
    },
    fail: (reason: string, detail: string) => failures.push([reason, detail]),
  }
  return { session: session as unknown as StreamSession, events, sent, failures }
}

const clock = { block: 10n, lastInitializedRound: 5n, refresh: async () => {} } as unknown as ChainClock
const settle = () => new Promise((r) => setTimeout(r, 50))

function driverFor(fake: ReturnType<typeof fakeSession>, ledger = new PaymentLedger()) {
  const driver = new PaymentDriver({
    session: fake.session,
    signer: privateKeyToAccount(generatePrivateKey()),
    fetchInfo: async () => info,
    clock,
    sender: () => ({
      deposit: 10n ** 18n,
      reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
      withdrawRound: 0n,
      currentRound: 5n,
      balance: 0n,
    }),
    ledger,
    metrics: undefined,
    inputSize: () => undefined,
  })
  return { driver, ledger }
}

describe('PaymentDriver', () => {
  it('prepays with signed tickets when the payment channel opens, and counts them', async () => {
    const fake = fakeSession()
    const { driver, ledger } = driverFor(fake)
    fake.events.emit('paymentOpen')
    await settle()
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0]).toMatchObject({ type: 'payment', seq: 1 })
    expect(fake.sent[0]!.payment).toMatch(/^[A-Za-z0-9+/]+=*$/)
    // 60 s × 64 × 64 × 30 fps × 1 wei = 7372800 wei < one ticket's EV (1e12): one ticket.
    expect(ledger.state.ticketsSent).toBe(1)
    expect(ledger.state.pricePerPixel).toBe(1)
    fake.events.emit('payment', { v: 1, type: 'paymentAck', seq: 1, accepted: 1, winners: 0 })
    expect(ledger.state.ticketsAccepted).toBe(1)
    driver.close()
  })

  it('records the node balance and errors', async () => {
    const fake = fakeSession()
    const { driver, ledger } = driverFor(fake)
    fake.events.emit('payment', {
      v: 1,
      type: 'balance',
      balance: '-5',
      credited: '0',
      debited: '5',
      pricePerUnit: '1',
      pixelsPerUnit: '1',
    })
    fake.events.emit('payment', {
      v: 1,
      type: 'paymentError',
      code: 'TICKET_NONCE_REPLAYED',
      message: 'replayed',
    })
    expect(ledger.state.balance).toBe(-5)
    expect(ledger.state.errors[0]).toContain('TICKET_NONCE_REPLAYED')
    driver.close()
  })

  it('refuses to pay when the price more than doubled, failing the session so the gateway swaps', async () => {
    const fake = fakeSession()
    const { driver } = driverFor(fake)
    fake.events.emit('paymentOpen')
    await settle()
    fake.events.emit('payment', {
      v: 1,
      type: 'ticketParams',
      ticketParams,
      price: { pricePerUnit: '3', pixelsPerUnit: '1' },
    })
    // The node paused output for lack of funds: the driver tries to pay again, at the new price.
    fake.events.emit('payment', { v: 1, type: 'paused', reason: 'balance below zero' })
    await settle()
    expect(fake.failures).toHaveLength(1)
    expect(fake.failures[0]![0]).toBe('payment-refused')
    expect(fake.failures[0]![1]).toContain('PRICE_DOUBLED')
    driver.close()
  })

  it('leaves the orchestrator when the node says it is closing the session', () => {
    const fake = fakeSession()
    const { driver } = driverFor(fake)
    fake.events.emit('payment', { v: 1, type: 'closing', reason: 'unpaid' })
    expect(fake.failures[0]).toEqual(['payment-refused', 'the node is closing the session: unpaid'])
    driver.close()
  })
})
