/**
 * The `net.NotifySegment` items the orchestrator streams to a remote transcoder, as go-livepeer
 * builds them: a work item (input URL, SegData with the hash zeroed, no signature or storage,
 * legacy profiles `invalid`, the task id, the orchestrator id) and the teardown item (empty URL,
 * the session id in the SegData's auth token).
 */
import { create } from '@bufbuild/protobuf'
import { buildSegData, LEGACY_PROFILES_INVALID, net } from '@prism/protocol'
import type { TranscodeContext } from './TranscoderRegistryTypes.ts'

/** Input of {@link workItem}. */
export type WorkItemInit = {
  taskId: bigint
  /** Where the transcoder downloads the segment. */
  url: string
  /** Session the segment belongs to. */
  sessionId: string
  /** Output profiles, net form. */
  profiles: readonly net.VideoProfile[]
  /** The job's capabilities. */
  capabilities: net.Capabilities
  /** NotifySegment.orchId. */
  orchId: string
  ctx: TranscodeContext
}

/**
 * A work item.
 * @example const notify = workItem({ taskId: 0n, url, sessionId, profiles, capabilities, orchId: 'offchain', ctx })
 */
export function workItem(init: WorkItemInit): net.NotifySegment {
  const { ctx } = init
  const segData = buildSegData({
    manifestId: ctx.manifestId,
    seq: BigInt(ctx.seq),
    durationMs: ctx.durationMs ?? 0,
    capabilities: init.capabilities,
    authToken: ctx.authToken ?? create(net.AuthTokenSchema, { sessionId: init.sessionId }),
    profiles: init.profiles,
    calcPerceptualHash: ctx.calcPerceptualHash ?? false,
    ...(ctx.segmentParameters ? { segmentParameters: ctx.segmentParameters } : {}),
  })
  // go-livepeer zeroes the hash for transcoders (the input is fetched from the orchestrator).
  segData.hash = new Uint8Array(32)
  return create(net.NotifySegmentSchema, {
    url: init.url,
    segData,
    taskId: init.taskId,
    profiles: LEGACY_PROFILES_INVALID,
    orchId: init.orchId,
  })
}

/**
 * The teardown item for a session: empty URL, `segData.authToken.sessionId` = the session.
 * @example teardownItem('a1b2c3d4').segData?.authToken?.sessionId // 'a1b2c3d4'
 */
export function teardownItem(sessionId: string, orchId: string): net.NotifySegment {
  return create(net.NotifySegmentSchema, {
    url: '',
    segData: create(net.SegDataSchema, { authToken: create(net.AuthTokenSchema, { sessionId }) }),
    profiles: LEGACY_PROFILES_INVALID,
    orchId,
  })
}
