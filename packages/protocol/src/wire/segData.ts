import { create } from '@bufbuild/protobuf'
import { keccak256, stringToBytes } from 'viem'
import { isBaseError } from '../errors/base.ts'
import { fromBase64, toBase64 } from '../payment/paymentHeader.ts'
import { decodeWire, encodeWire } from './codec.ts'
import { SegmentEncodingError } from './errors.ts'
import {
  type AuthToken,
  type Capabilities,
  type OSInfo,
  type SegData,
  SegDataSchema,
  type SegParameters,
  type VideoProfile,
} from './gen/net_pb.ts'
import { profileFieldFor } from './segProfiles.ts'

/** What go-livepeer gateways put in the legacy SegData field 4: ASCII `invalid`. */
export const LEGACY_PROFILES_INVALID: Uint8Array = stringToBytes('invalid')

/** Input of {@link buildSegData}. */
export type SegDataInit = {
  /** Stream / manifest id (for AI: `<cap>_<modelId>`; for live payments: the orchestrator's manifest id). */
  manifestId: string | Uint8Array
  /** Sequence number. Default: 0. */
  seq?: bigint
  /** The segment bytes, hashed into `hash` (absent: keccak256 of nothing, for AI and payments). */
  segment?: Uint8Array
  /** Duration in ms. Default: 0. */
  durationMs?: number
  /** Job capabilities. */
  capabilities?: Capabilities
  /** The auth token from the current OrchestratorInfo. */
  authToken?: AuthToken
  /** Output profiles (net form, names never empty); put in field 33, 34 or 35 by go-livepeer's rule. */
  profiles?: readonly VideoProfile[]
  /** Ask for a perceptual hash per rendition. Default: false. */
  calcPerceptualHash?: boolean
  /** The gateway's own object store. */
  storage?: readonly OSInfo[]
  /** Clip bounds. */
  segmentParameters?: SegParameters
  /** Force an encoder session re-init. Default: false. */
  forceSessionReinit?: boolean
}

/**
 * A SegData as a go-livepeer gateway builds it: `hash` = keccak256(segment), field 4 = ASCII
 * `invalid`, the profiles in exactly one of fields 33/34/35, `sig` empty (sign it with
 * `signSegData`).
 * @example const seg = buildSegData({ manifestId, seq: 7n, segment, durationMs: 2000, profiles, authToken, capabilities })
 */
export function buildSegData(init: SegDataInit): SegData {
  const profiles = [...(init.profiles ?? [])]
  return create(SegDataSchema, {
    manifestId: typeof init.manifestId === 'string' ? stringToBytes(init.manifestId) : init.manifestId,
    seq: init.seq ?? 0n,
    hash: keccak256(init.segment ?? new Uint8Array(0), 'bytes'),
    profiles: LEGACY_PROFILES_INVALID,
    duration: init.durationMs ?? 0,
    ...(init.capabilities ? { capabilities: init.capabilities } : {}),
    ...(init.authToken ? { authToken: init.authToken } : {}),
    calcPerceptualHash: init.calcPerceptualHash ?? false,
    storage: [...(init.storage ?? [])],
    ...(profiles.length ? { [profileFieldFor(profiles)]: profiles } : {}),
    ...(init.segmentParameters ? { segmentParameters: init.segmentParameters } : {}),
    ForceSessionReinit: init.forceSessionReinit ?? false,
  })
}

/**
 * The `Livepeer-Segment` header value: padded standard base64 of the SegData bytes.
 * @example headers['Livepeer-Segment'] = segDataToHeader(seg)
 */
export function segDataToHeader(seg: SegData): string {
  return toBase64(encodeWire(SegDataSchema, seg))
}

/**
 * Parses a `Livepeer-Segment` header value.
 * @throws WIRE_SEGMENT_ENCODING (`ErrorSegEncoding`) for anything but padded standard base64,
 * WIRE_DECODE_FAILED for bytes that are not a SegData.
 * @example const seg = segDataFromHeader(req.headers['livepeer-segment'])
 */
export function segDataFromHeader(header: string): SegData {
  let bytes: Uint8Array
  try {
    bytes = fromBase64(header)
  } catch (err) {
    throw new SegmentEncodingError(isBaseError(err) ? err.shortMessage : String(err))
  }
  return decodeWire(SegDataSchema, bytes)
}
