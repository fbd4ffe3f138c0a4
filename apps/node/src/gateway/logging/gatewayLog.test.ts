import { create } from '@bufbuild/protobuf'
import { net } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import {
  discoveryLeftOutLine,
  offchainPaymentProblem,
  offchainRefusalProblem,
  segmentLogLine,
} from './gatewayLog.ts'

describe('gateway log lines', () => {
  it('names the segment, its renditions, the orchestrator and the fee in wei and ETH', () => {
    const line = segmentLogLine({
      stream: 'cam',
      seq: 3,
      uri: 'https://127.0.0.1:8935',
      renditions: ['P240p30fps16x9', 'P360p30fps16x9'],
      feeWei: 1_500_000_000_000n,
      verified: false,
    })
    expect(line).toBe(
      'gateway: segment cam/3 P240p30fps16x9,P360p30fps16x9 by https://127.0.0.1:8935 paid 1500000000000 wei (0.0000015 ETH)',
    )
  })

  it('says at start that an off-chain gateway cannot pay an orchestrator that wants payment, and the fix', () => {
    const paid = create(net.OrchestratorInfoSchema, {
      transcoder: 'https://o:8935',
      priceInfo: create(net.PriceInfoSchema, { pricePerUnit: 1200n, pixelsPerUnit: 1n }),
      ticketParams: create(net.TicketParamsSchema, { recipient: new Uint8Array(20) }),
    })
    const why = offchainPaymentProblem('https://o:8935', paid)
    expect(why).toContain('orchestrator https://o:8935 wants payment (1200 wei per 1 pixel(s))')
    expect(why).toContain('-network dev -deployment ./.prism/dev/deployment.json -ethKeyFile')
    const free = create(net.OrchestratorInfoSchema, {
      transcoder: 'https://o:8935',
      priceInfo: create(net.PriceInfoSchema, { pricePerUnit: 0n, pixelsPerUnit: 1n }),
    })
    expect(offchainPaymentProblem('https://o:8935', free)).toBeUndefined()
    expect(offchainPaymentProblem('https://o:8935', create(net.OrchestratorInfoSchema, {}))).toBeUndefined()
  })

  it('names an orchestrator discovery left out, and a paid one that refuses an unsigned request', () => {
    expect(discoveryLeftOutLine('https://o:8935', 'ECONNREFUSED', 'unreachable')).toBe(
      'prism gateway: orchestrator https://o:8935 left out: ECONNREFUSED: unreachable',
    )
    const why = offchainRefusalProblem('https://o:8935', 'WIRE_REQUEST_SIG_INVALID')
    expect(why).toContain('orchestrator https://o:8935 wants payment (it refuses unsigned requests)')
    expect(why).toContain('-ethKeyFile')
    expect(offchainRefusalProblem('https://o:8935', 'WIRE_ORCHESTRATOR_CAPPED')).toBeUndefined()
  })
})
