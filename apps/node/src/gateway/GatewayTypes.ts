/** Contract of {@link Gateway}: options with defaults and events. */
import type { LocalAccount } from 'viem'
import type { VideoProfile } from '../media/profiles.ts'
import type { LiveAiOptions } from './live/LiveAiStreams.ts'
import type { SegmentPayer } from './payment/SegmentPayer.ts'

/** Options of the Gateway. */
export type GatewayOptions = {
  /**
   * The ticket sender's key: signs the GetOrchestrator request and every SegData. Used only with
   * a `payer`; without one the gateway is off chain (zero address, no signatures, empty payment).
   */
  account?: LocalAccount
  /** Orchestrator service URIs in preference order (`-orchAddr`). */
  orchAddrs: readonly string[]
  /** The ladder requested for every stream. */
  profiles: readonly VideoProfile[]
  /** Pays for segments; absent = off chain (the `Livepeer-Payment` header is empty). */
  payer?: SegmentPayer
  /** Latest L1 block (on chain: ticket params are refreshed before they expire). Default: not checked. */
  currentBlock?: () => Promise<bigint>
  /**
   * Segments of one stream `enqueue` has in flight at once (`-pipelineDepth`): the next is sent
   * while one transcodes; renditions are still published in order. Default: 2 (1 for live AI).
   */
  pipelineDepth?: number
  /** Orchestrators tried per segment (`-maxAttempts`). Default: 3. */
  maxAttempts?: number
  /** Fraction of segments verified, 0..1 (`-verifyFreq`). Default: 0. */
  verifyFreq?: number
  /** Minimum SSIM between two renditions of the same profile. Default: 0.9. */
  minSsim?: number
  /** Segments a failing orchestrator sits out. Default: 5. */
  suspendPenalty?: number
  /** Per-request timeout to orchestrators in ms. Default: max(8000, 4 × segment duration). */
  segmentTimeoutMs?: number
  /** Deadline of an orchestrator's early 200 in ms. Default: max(2000, segment duration / 2). */
  headerTimeoutMs?: number
  /** Random source for verification sampling. Default: Math.random. */
  random?: () => number
  /** Live AI (`-liveAiModel`): streams go to a live-video-to-video job instead of transcoding. */
  liveAi?: LiveAiOptions
}

/** Events of the Gateway. */
export type GatewayEvents = {
  /** A segment was transcoded (by `uri`) and published. */
  segment: [
    {
      stream: string
      seq: number
      uri: string
      pixels: number
      verified: boolean
      /** The renditions published (ladder names). */
      renditions?: string[]
      /** What the orchestrator charged for this segment (price × pixels), wei; 0 off chain or free. */
      feeWei?: bigint
    },
  ]
  /** Every attempt failed; the segment is missing from the HLS output. */
  segmentFailed: [{ stream: string; seq: number; error: Error }]
  /** An orchestrator failed a segment; the next one is tried. */
  swap: [{ stream: string; seq: number; uri: string; reason: string }]
  /** Verification rejected an orchestrator's renditions. */
  verificationFailed: [{ stream: string; seq: number; uri: string; reason: string }]
}
