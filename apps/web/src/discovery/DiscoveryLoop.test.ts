import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DiscoveryLoop, waitsForFunds } from './DiscoveryLoop.ts'
import type { DiscoverReturnType, RankedOrchestrator } from './discover.ts'

function row(over: Partial<RankedOrchestrator>): RankedOrchestrator {
  return {
    url: 'http://a',
    source: 'configured',
    eligible: true,
    score: 1,
    reasons: [],
    pricePerPixel: 1,
    explanation: undefined,
    ...over,
  } as RankedOrchestrator
}

const refused = row({
  eligible: false,
  reason: 'refused',
  refusal: { code: 'SENDER_RESERVE_MISSING', message: 'fund it' },
})
const eligible = row({})

/** A node that refuses until it "sees" the funds after `seenAfter` probes. */
function node(seenAfter: number) {
  let probes = 0
  const discover = async (): Promise<DiscoverReturnType> => {
    probes++
    return { ranked: [probes > seenAfter ? eligible : refused], chainError: undefined }
  }
  return { discover, probes: () => probes }
}

describe('DiscoveryLoop', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('knows which refusals go away once the node sees the funds', () => {
    expect(waitsForFunds(refused)).toBe(true)
    expect(
      waitsForFunds(
        row({ eligible: false, reason: 'invalid-params', detail: 'no ticket params for this sender' }),
      ),
    ).toBe(true)
    expect(waitsForFunds(row({ eligible: false, reason: 'unreachable' }))).toBe(false)
    expect(waitsForFunds(eligible)).toBe(false)
  })

  it('re-probes after funding until the orchestrator accepts the session key', async () => {
    const n = node(3)
    const loop = new DiscoveryLoop({ discover: n.discover, burstIntervalMs: 1000, burstMs: 30_000 })
    await loop.refresh()
    expect(loop.state.ranked[0]?.eligible).toBe(false)
    loop.afterFunding()
    expect(loop.state.waitingForFunds).toBe(true)
    await vi.advanceTimersByTimeAsync(5000)
    expect(loop.state.ranked[0]?.eligible).toBe(true)
    expect(loop.state.waitingForFunds).toBe(false)
    const probes = n.probes()
    await vi.advanceTimersByTimeAsync(10_000)
    // The burst ended once it was eligible (no periodic timer was started).
    expect(n.probes()).toBe(probes)
  })

  it('gives up the burst after burstMs', async () => {
    const n = node(Number.POSITIVE_INFINITY)
    const loop = new DiscoveryLoop({ discover: n.discover, burstIntervalMs: 1000, burstMs: 5000 })
    loop.afterFunding()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(loop.state.waitingForFunds).toBe(false)
    expect(n.probes()).toBeLessThanOrEqual(7)
  })

  it('waits for an eligible orchestrator at Start while one waits for funds', async () => {
    const n = node(2)
    const loop = new DiscoveryLoop({ discover: n.discover, burstIntervalMs: 500 })
    const ok = loop.waitForEligible(10_000)
    await vi.advanceTimersByTimeAsync(3000)
    expect(await ok).toBe(true)
    // Nothing to wait for: answers after one round.
    const none = new DiscoveryLoop({
      discover: async () => ({
        ranked: [row({ eligible: false, reason: 'unreachable' })],
        chainError: undefined,
      }),
    })
    expect(await none.waitForEligible(10_000)).toBe(false)
  })

  it('re-probes on its interval while started, and shares a round between concurrent calls', async () => {
    const n = node(0)
    const loop = new DiscoveryLoop({ discover: n.discover, intervalMs: 10_000 })
    loop.start()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(n.probes()).toBe(3)
    loop.stop()
    await Promise.all([loop.refresh(), loop.refresh(), loop.refresh()])
    // One round, then one more for the calls made while it ran.
    expect(n.probes()).toBe(5)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(n.probes()).toBe(5)
  })
})
