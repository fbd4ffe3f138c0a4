/** Contract of {@link TranscoderRegistry}; its wire messages are in @prism/protocol (transcoderMessages). */

/** What /info and /metrics show per attached transcoder. */
export type AttachedTranscoderInfo = {
  id: string
  /** Remote address of its connection. */
  address: string
  /** Concurrent jobs it accepts. */
  capacity: number
  /** Jobs in flight now. */
  load: number
  /** Jobs completed. */
  completed: number
}

/** Events of {@link TranscoderRegistry}. */
export type TranscoderRegistryEvents = {
  attach: [AttachedTranscoderInfo]
  detach: [AttachedTranscoderInfo]
  /** A job was moved to another transcoder or to local work after its transcoder left. */
  jobRequeued: [jobId: string]
}

/** Options of {@link TranscoderRegistry}. */
export type TranscoderRegistryOptions = {
  /** Shared secret transcoders must present (`-orchSecret`). */
  secret: string
  /** Transcode locally when no transcoder is free; absent = wait for one. Default: none. */
  local?: (
    data: Uint8Array,
    profiles: readonly string[],
  ) => Promise<import('../../media/ffmpeg/transcodeSegment.ts').SegmentRendition[]>
  /** Attempts per job across transcoders before failing. Default: 3. */
  maxAttempts?: number
  /** A job with no result after this many ms is retried elsewhere. Default: 60000. */
  jobTimeoutMs?: number
}
