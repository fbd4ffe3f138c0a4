/**
 * The lines `prism gateway` writes for an operator: one per published segment (stream and seq,
 * renditions, orchestrator, what it charged in wei and ETH) and, at discovery, each orchestrator
 * left out with its reason, and the reason an off-chain gateway cannot use an orchestrator that
 * wants payment, with the fix.
 */
import type { net } from '@prism/protocol'
import { formatEther } from 'viem'

/** What {@link segmentLogLine} needs (the Gateway's `segment` event). */
export type SegmentLogEvent = {
  stream: string
  seq: number
  uri: string
  renditions?: readonly string[]
  feeWei?: bigint
  verified: boolean
}

/**
 * One line per published segment.
 *
 * @example
 * segmentLogLine({ stream: 'cam', seq: 3, uri: 'https://127.0.0.1:8935', renditions: ['P240p30fps16x9'], feeWei: 1200n, verified: false })
 * // 'gateway: segment cam/3 P240p30fps16x9 by https://127.0.0.1:8935 paid 1200 wei (0.0000000000000012 ETH)'
 */
export function segmentLogLine(e: SegmentLogEvent): string {
  const fee = e.feeWei ?? 0n
  const renditions = e.renditions?.length ? e.renditions.join(',') : '-'
  const verified = e.verified ? ' verified' : ''
  return `gateway: segment ${e.stream}/${e.seq} ${renditions} by ${e.uri} paid ${fee} wei (${formatEther(fee)} ETH)${verified}`
}

const FIX =
  'Fix: run the gateway on its chain with a funded key, e.g. -network dev -deployment ' +
  './.prism/dev/deployment.json -ethKeyFile gateway.key (see docs/recipes.md), or use an orchestrator ' +
  'started without payments (-network offchain or -pricePerUnit 0).'

/**
 * The line for an orchestrator that discovery left out (refused or unreachable).
 *
 * @example
 * discoveryLeftOutLine('https://o:8935', 'ECONNREFUSED', 'unreachable')
 * // 'prism gateway: orchestrator https://o:8935 left out: ECONNREFUSED: unreachable'
 */
export function discoveryLeftOutLine(uri: string, code: string, message: string): string {
  return `prism gateway: orchestrator ${uri} left out: ${code}${message ? `: ${message}` : ''}`
}

/**
 * For an off-chain gateway: the error to print when an orchestrator refused its GetOrchestrator
 * request because it is unsigned (a paid orchestrator checks the sender's signature), or undefined.
 *
 * @example
 * const why = offchainRefusalProblem(uri, 'WIRE_REQUEST_SIG_INVALID'); if (why) process.stderr.write(`${why}\n`)
 */
export function offchainRefusalProblem(uri: string, code: string): string | undefined {
  if (code !== 'WIRE_REQUEST_SIG_INVALID') return undefined
  return (
    `prism gateway: error: orchestrator ${uri} wants payment (it refuses unsigned requests) but this ` +
    `gateway is off chain (-network offchain signs nothing and sends no tickets). ${FIX}`
  )
}

/**
 * For an off-chain gateway: the error to print when the orchestrator at `uri` wants payment (its
 * GetOrchestrator answer quotes a non-zero price, or ticket params without a price), or undefined
 * when it does not.
 *
 * @example
 * const why = offchainPaymentProblem(uri, info); if (why) process.stderr.write(`${why}\n`)
 */
export function offchainPaymentProblem(uri: string, info: net.OrchestratorInfo): string | undefined {
  const price = info.priceInfo
  // a zero price is free even with ticket params; ticket params without a price are not
  const paid = price ? price.pricePerUnit > 0n : info.ticketParams !== undefined
  if (!paid) return undefined
  const quote = price ? `${price.pricePerUnit} wei per ${price.pixelsPerUnit} pixel(s)` : 'ticket params'
  return (
    `prism gateway: error: orchestrator ${uri} wants payment (${quote}) but this gateway is off chain ` +
    `(-network offchain sends no tickets): it will refuse every segment. ${FIX}`
  )
}
