/**
 * `transcode`: an ABR ladder of Livepeer profiles encoded with ffmpeg (h264_nvenc or libx264),
 * every rendition written as HLS under `/live/{stream}/hls/`, one rendition sent back over WebRTC.
 */
import {
  decodePipelineSpec,
  DEFAULT_TRANSCODE_PROFILES as PROTOCOL_DEFAULT_PROFILES,
  VIDEO_PROFILES,
  type VideoProfile,
} from '@prism/protocol'
import { PipelineSpecInvalidError } from '../errors.ts'
import { FramePipeline, type RenditionOutput } from './FramePipeline.ts'
import type { PipelineKind } from './PipelineTypes.ts'

/** Spec of the transcode kind (profile names from VIDEO_PROFILES). */
export type TranscodeSpec = { kind: 'transcode'; profiles: string[]; returnProfile?: string }

/** Default ladder (issue 4): P360p30fps16x9 + P240p30fps16x9. */
export const DEFAULT_TRANSCODE_PROFILES: string[] = [...PROTOCOL_DEFAULT_PROFILES]

function rendition(p: VideoProfile, counted: boolean): RenditionOutput {
  return { name: p.name, width: p.width, height: p.height, kbps: p.bitrateKbps, counted }
}

/**
 * Parses `-transcodingOptions` (comma-separated profile names).
 *
 * @throws PipelineSpecInvalidError (`PIPELINE_SPEC_INVALID`) on an unknown profile.
 * @example
 * parseTranscodingOptions('P720p30fps16x9,P360p30fps16x9')
 */
export function parseTranscodingOptions(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const n of names)
    if (!(n in VIDEO_PROFILES)) throw new PipelineSpecInvalidError(`unknown profile ${n}`)
  if (names.length === 0) throw new PipelineSpecInvalidError('no profile given')
  return names
}

/**
 * Makes the transcode kind with a default ladder (used when the spec gives no `profiles`).
 *
 * @example
 * const kind = transcodeKind(['P360p30fps16x9', 'P240p30fps16x9'])
 */
export function transcodeKind(
  defaultProfiles: string[] = DEFAULT_TRANSCODE_PROFILES,
): PipelineKind<TranscodeSpec> {
  return {
    kind: 'transcode',
    decodeSpec(raw) {
      const withDefaults =
        typeof raw === 'object' && raw !== null && !('profiles' in raw)
          ? { ...raw, profiles: defaultProfiles }
          : raw
      let spec: ReturnType<typeof decodePipelineSpec>
      try {
        spec = decodePipelineSpec(withDefaults)
      } catch (err) {
        throw new PipelineSpecInvalidError(err instanceof Error ? err.message : String(err), err)
      }
      if (spec.kind !== 'transcode') throw new PipelineSpecInvalidError('expected kind "transcode"')
      return { kind: 'transcode', profiles: spec.profiles, returnProfile: spec.returnProfile }
    },
    create(spec, ctx) {
      const ladder = spec.profiles.map((n) => VIDEO_PROFILES[n]!)
      const top = ladder.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
      const back = spec.returnProfile ? VIDEO_PROFILES[spec.returnProfile]! : top
      const inLadder = spec.profiles.includes(back.name)
      return new FramePipeline({
        kind: 'transcode',
        ctx,
        format: 'i420',
        width: top.width,
        height: top.height,
        fps: top.fps,
        hls: ladder.map((p) => rendition(p, true)),
        returnOutput: { ...rendition(back, !inLadder), name: `${back.name}-webrtc` },
      })
    },
    describe: () => ({ kind: 'transcode', profiles: defaultProfiles }),
  }
}
