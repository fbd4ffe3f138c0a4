import { describe, expect, it } from 'vitest'
import { explainIneligible, whyNoOrchestrator } from './explainIneligible.ts'

const base = { eligible: false as const }

describe('explainIneligible', () => {
  it('names the real cause and the fix for each reason', () => {
    const reserve = explainIneligible({
      ...base,
      reason: 'refused',
      refusal: { code: 'SENDER_RESERVE_MISSING', message: 'no reserve' },
    })
    expect(reserve).toEqual({
      cause: 'your session key has no reserve yet',
      fix: 'fund your session key',
      actionable: true,
    })
    expect(
      explainIneligible({ ...base, reason: 'invalid-params', detail: 'no ticket params for this sender' })
        ?.fix,
    ).toBe('fund your session key')
    expect(
      explainIneligible({ ...base, reason: 'suspended' }, { suspendedUntil: 61_500, now: 1_000 }),
    ).toMatchObject({
      cause: 'suspended for 61 s after it failed in this tab',
      fix: 'retry then, or use another orchestrator',
    })
    expect(
      explainIneligible({ ...base, reason: 'price-above-max' }, { pricePerPixel: 9, maxPricePerPixel: 2 }),
    ).toMatchObject({
      cause: 'its price 9 wei/pixel is above your max 2 wei/pixel',
      fix: 'raise your max price',
    })
    expect(
      explainIneligible({ ...base, reason: 'unreachable', error: 'fetch failed', errorCode: 'ECONNREFUSED' })
        ?.cause,
    ).toBe('unreachable (ECONNREFUSED)')
    expect(explainIneligible({ ...base, reason: 'missing-pipeline' }, { pipelineKind: 'ai' })?.cause).toBe(
      'it does not offer ai',
    )
    expect(explainIneligible({ ...base, reason: 'at-capacity', detail: '4/4 sessions' })?.cause).toBe(
      'it is full (4/4 sessions)',
    )
    expect(
      explainIneligible({ ...base, reason: 'refused', refusal: { code: 'SOMETHING_ELSE', message: 'why' } })
        ?.cause,
    ).toBe('it refused this gateway (SOMETHING_ELSE: why)')
    expect(explainIneligible({ eligible: true })).toBeUndefined()
  })

  it('puts the user’s own fix first when no orchestrator can take a stream', () => {
    const down = {
      cause: 'unreachable (ECONNREFUSED)',
      fix: 'check that the node runs and its URL',
      actionable: false,
    }
    const fund = {
      cause: 'your session key has no reserve yet',
      fix: 'fund your session key',
      actionable: true,
    }
    expect(
      whyNoOrchestrator([
        { url: 'a', explanation: down },
        { url: 'b', explanation: fund },
      ]),
    ).toBe(
      'no orchestrator can take this stream: your session key has no reserve yet: fund your session key (and 1 more not eligible)',
    )
    expect(whyNoOrchestrator([])).toMatch(/^no orchestrator found/)
  })
})
