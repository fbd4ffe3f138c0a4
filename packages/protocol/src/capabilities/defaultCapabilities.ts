import { CAPABILITIES } from './capabilities.ts'

/**
 * go-livepeer's `DefaultCapabilities`: what every orchestrator advertises for transcoding and what
 * every gateway AI session asks for besides its pipeline: H.264, MPEG-TS, MP4, fractional frame
 * rates, the three storages, the four H.264 profiles, GOP, auth token, MPEG-7 signature and
 * segment slicing. As a bitstring: `[0x4005fff]`.
 */
export const DEFAULT_CAPABILITIES: readonly number[] = Object.freeze([
  CAPABILITIES.H264,
  CAPABILITIES.MPEGTS,
  CAPABILITIES.MP4,
  CAPABILITIES.FractionalFramerates,
  CAPABILITIES.StorageDirect,
  CAPABILITIES.StorageS3,
  CAPABILITIES.StorageGCS,
  CAPABILITIES.ProfileH264Baseline,
  CAPABILITIES.ProfileH264Main,
  CAPABILITIES.ProfileH264High,
  CAPABILITIES.ProfileH264ConstrainedHigh,
  CAPABILITIES.GOP,
  CAPABILITIES.AuthToken,
  CAPABILITIES.MPEG7VideoSignature,
  CAPABILITIES.SegmentSlicing,
])
