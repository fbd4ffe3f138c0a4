import { CAPABILITIES } from './capabilities.ts'

/**
 * go-livepeer's display name of each capability id (its `CapabilityNameLookup`); pipeline names
 * map onto these (see {@link capabilityForPipeline}). Id 13 (deprecated scene classification)
 * has no name.
 */
export const CAPABILITY_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [CAPABILITIES.H264]: 'H.264',
  [CAPABILITIES.MPEGTS]: 'MPEGTS',
  [CAPABILITIES.MP4]: 'MP4',
  [CAPABILITIES.FractionalFramerates]: 'Fractional framerates',
  [CAPABILITIES.StorageDirect]: 'Storage direct',
  [CAPABILITIES.StorageS3]: 'Storage S3',
  [CAPABILITIES.StorageGCS]: 'Storage GCS',
  [CAPABILITIES.ProfileH264Baseline]: 'H264 Baseline profile',
  [CAPABILITIES.ProfileH264Main]: 'H264 Main profile',
  [CAPABILITIES.ProfileH264High]: 'H264 High profile',
  [CAPABILITIES.ProfileH264ConstrainedHigh]: 'H264 Constrained, Contained High profile',
  [CAPABILITIES.GOP]: 'GOP',
  [CAPABILITIES.AuthToken]: 'Auth token',
  [CAPABILITIES.MPEG7VideoSignature]: 'MPEG7 signature',
  [CAPABILITIES.HEVC_Decode]: 'HEVC decode',
  [CAPABILITIES.HEVC_Encode]: 'HEVC encode',
  [CAPABILITIES.VP8_Decode]: 'VP8 decode',
  [CAPABILITIES.VP9_Decode]: 'VP9 decode',
  [CAPABILITIES.VP8_Encode]: 'VP8 encode',
  [CAPABILITIES.VP9_Encode]: 'VP9 encode',
  [CAPABILITIES.H264_Decode_444_8bit]: 'H264 Decode YUV444 8-bit',
  [CAPABILITIES.H264_Decode_422_8bit]: 'H264 Decode YUV422 8-bit',
  [CAPABILITIES.H264_Decode_444_10bit]: 'H264 Decode YUV444 10-bit',
  [CAPABILITIES.H264_Decode_422_10bit]: 'H264 Decode YUV422 10-bit',
  [CAPABILITIES.H264_Decode_420_10bit]: 'H264 Decode YUV420 10-bit',
  [CAPABILITIES.SegmentSlicing]: 'Segment slicing',
  [CAPABILITIES.TextToImage]: 'Text to image',
  [CAPABILITIES.ImageToImage]: 'Image to image',
  [CAPABILITIES.ImageToVideo]: 'Image to video',
  [CAPABILITIES.Upscale]: 'Upscale',
  [CAPABILITIES.AudioToText]: 'Audio to text',
  [CAPABILITIES.SegmentAnything2]: 'Segment anything 2',
  [CAPABILITIES.LLM]: 'Llm',
  [CAPABILITIES.ImageToText]: 'Image to text',
  [CAPABILITIES.LiveVideoToVideo]: 'Live video to video',
  [CAPABILITIES.TextToSpeech]: 'Text to speech',
  [CAPABILITIES.BYOC]: 'byoc',
})

const BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(CAPABILITY_NAMES).map(([id, name]) => [name, Number(id)]),
)

/**
 * The capability id for a go-livepeer capability name, or undefined.
 * @example capabilityByName('Live video to video') // 35
 */
export function capabilityByName(name: string): number | undefined {
  return BY_NAME.get(name)
}

/**
 * The capability of an AI pipeline, as go-livepeer derives it: upper-case the first character,
 * replace every `-` with a space, look the result up in {@link CAPABILITY_NAMES}.
 *
 * @returns the id, or undefined for a pipeline go-livepeer does not know.
 * @example capabilityForPipeline('live-video-to-video') // 35
 */
export function capabilityForPipeline(pipeline: string): number | undefined {
  if (!pipeline) return undefined
  return capabilityByName(pipeline[0]!.toUpperCase() + pipeline.slice(1).replaceAll('-', ' '))
}
