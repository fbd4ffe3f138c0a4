/**
 * Rendition checks used by the gateway's verification (docs/protocol.md §7 policy, Prism's variant):
 * a structural check of one result (each rendition decodes, has the requested profile's size, and
 * its frame count × size equals the pixels the orchestrator reported and charges for), and a
 * comparison of two renditions of the same profile by SSIM of a sampled decoded frame.
 */
import { ssim } from '@prism/gpu'
import { grabRgbFrame, probeVideo } from '../../media/ffmpeg/probeVideo.ts'
import type { VideoProfile } from '../../media/profiles.ts'

/** A rendition as the gateway holds it. */
export type GatewayRendition = {
  profile: string
  width: number
  height: number
  frames: number
  pixels: number
  data: Uint8Array
  /** What the orchestrator charged for it (its quoted price × its pixels), wei; 0 off chain or free. */
  feeWei?: bigint
}

/**
 * Checks one orchestrator result against the requested ladder. Returns undefined when it passes,
 * else the reason.
 *
 * @example
 * const why = await checkRenditions(renditions, profiles) // undefined or 'P360p30fps16x9: 320x180, expected 640x360'
 */
export async function checkRenditions(
  renditions: readonly GatewayRendition[],
  profiles: readonly VideoProfile[],
): Promise<string | undefined> {
  if (renditions.length !== profiles.length)
    return `got ${renditions.length} renditions, expected ${profiles.length}`
  for (let i = 0; i < profiles.length; i++) {
    const p = profiles[i]!
    const r = renditions[i]!
    if (r.profile !== p.name) return `rendition ${i} is ${r.profile}, expected ${p.name}`
    let probe: { width: number; height: number; frames: number }
    try {
      probe = await probeVideo(r.data)
    } catch (err) {
      return `${p.name}: does not decode (${(err as Error).message})`
    }
    if (probe.width !== p.width || probe.height !== p.height)
      return `${p.name}: ${probe.width}x${probe.height}, expected ${p.width}x${p.height}`
    if (probe.width * probe.height * probe.frames !== r.pixels)
      return `${p.name}: reported ${r.pixels} pixels, decoded ${probe.width * probe.height * probe.frames}`
  }
  return undefined
}

/**
 * SSIM (`@prism/gpu`'s `ssim`, over luma) between the middle frames of two renditions of `profile`
 * (decoded at the profile's size).
 *
 * @throws Error when a rendition does not decode.
 * @example
 * const score = await compareRenditions(a, b, profile) // 0.99
 */
export async function compareRenditions(
  a: GatewayRendition,
  b: GatewayRendition,
  profile: VideoProfile,
): Promise<number> {
  const frames = Math.min(a.frames, b.frames)
  if (frames <= 0) return 0
  const index = Math.floor(frames / 2)
  const [fa, fb] = await Promise.all([
    grabRgbFrame(a.data, index, profile.width, profile.height),
    grabRgbFrame(b.data, index, profile.width, profile.height),
  ])
  return ssim(fa, fb)
}
