import { create } from '@bufbuild/protobuf'
import { getVideoProfile, type VideoProfile, videoProfileId } from '../profiles/videoProfiles.ts'
import { ProfileNameEmptyError, ProfileUnsupportedError } from './errors.ts'
import {
  VideoProfile_ChromaSubsampling,
  VideoProfile_Format,
  VideoProfile_Profile,
  VideoProfile_VideoCodec,
  VideoProfileSchema,
  type VideoProfile as WireVideoProfileMessage,
} from './gen/net_pb.ts'

/**
 * A rendition as the wire describes it: Prism's {@link VideoProfile} (name, size, kbit/s, fps,
 * id) plus the net.VideoProfile fields Prism's presets leave at their defaults.
 */
export type RenditionProfile = VideoProfile & {
  /** Frame rate denominator; 0 means 1. */
  fpsDen: number
  /** Container. */
  format: VideoProfile_Format
  /** H.264 profile. */
  codecProfile: VideoProfile_Profile
  /** GOP length in ms; 0 = encoder default, negative = special (−1 intra only). */
  gopMs: number
  /** Output codec. */
  encoder: VideoProfile_VideoCodec
  /** Output bit depth (ignored by go-livepeer orchestrators). */
  colorDepth: number
  /** Chroma subsampling (ignored by go-livepeer orchestrators). */
  chromaFormat: VideoProfile_ChromaSubsampling
  /** Encoder quality (CRF-like); 0 = unset. */
  quality: number
}

/** A preset name, a Prism profile, or a full rendition. */
export type ProfileInput = string | VideoProfile | RenditionProfile

/**
 * net.VideoProfile for a Prism profile: bit rate in bit/s, fpsDen 0, MPEG-TS, default encoder
 * profile, gop 0 and H.264 unless the rendition says otherwise.
 *
 * @throws WIRE_PROFILE_NAME_EMPTY (the segment signature covers names: never send an empty one),
 * PROFILE_UNKNOWN for an unknown preset name.
 * @example toNetVideoProfile('P240p30fps16x9') // { name: 'P240p30fps16x9', width: 426, height: 240, bitrate: 600000, fps: 30, … }
 */
export function toNetVideoProfile(profile: ProfileInput, index = 0): WireVideoProfileMessage {
  if (profile === '' || (typeof profile !== 'string' && !profile.name)) throw new ProfileNameEmptyError(index)
  const p = typeof profile === 'string' ? getVideoProfile(profile) : profile
  const r: Partial<RenditionProfile> = p
  return create(VideoProfileSchema, {
    name: p.name,
    width: p.width,
    height: p.height,
    bitrate: Math.round(p.bitrateKbps * 1000),
    fps: p.fps,
    format: r.format ?? VideoProfile_Format.MPEGTS,
    fpsDen: r.fpsDen ?? 0,
    profile: r.codecProfile ?? VideoProfile_Profile.ENCODER_DEFAULT,
    gop: r.gopMs ?? 0,
    encoder: r.encoder ?? VideoProfile_VideoCodec.H264,
    colorDepth: r.colorDepth ?? 0,
    chromaFormat: r.chromaFormat ?? VideoProfile_ChromaSubsampling.CHROMA_420,
    quality: r.quality ?? 0,
  })
}

/**
 * net.VideoProfile list for renditions, in order.
 * @throws WIRE_PROFILE_NAME_EMPTY, PROFILE_UNKNOWN
 */
export function toNetVideoProfiles(profiles: readonly ProfileInput[]): WireVideoProfileMessage[] {
  return profiles.map((p, i) => toNetVideoProfile(p, i))
}

const inEnum = (e: object, v: number): boolean => Object.values(e).includes(v)

/**
 * Reads a received net.VideoProfile, with go-livepeer's checks on the enums (colorDepth and
 * chromaFormat are not checked: go-livepeer ignores them).
 *
 * @throws WIRE_PROFILE_UNSUPPORTED (`unrecognized profile output format` / `unrecognized encoder
 * profile` / `unrecognized video codec`).
 * @example fromNetVideoProfile(seg.fullProfiles[0]).bitrateKbps // 600
 */
export function fromNetVideoProfile(p: WireVideoProfileMessage): RenditionProfile {
  if (!inEnum(VideoProfile_Format, p.format)) throw new ProfileUnsupportedError('format', p.format)
  if (!inEnum(VideoProfile_Profile, p.profile)) throw new ProfileUnsupportedError('profile', p.profile)
  if (!inEnum(VideoProfile_VideoCodec, p.encoder)) throw new ProfileUnsupportedError('encoder', p.encoder)
  return {
    name: p.name,
    id: videoProfileId(p.name),
    width: p.width,
    height: p.height,
    bitrateKbps: p.bitrate / 1000,
    fps: p.fps,
    fpsDen: p.fpsDen,
    format: p.format,
    codecProfile: p.profile,
    gopMs: p.gop,
    encoder: p.encoder,
    colorDepth: p.colorDepth,
    chromaFormat: p.chromaFormat,
    quality: p.quality,
  }
}
