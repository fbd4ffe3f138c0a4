/**
 * Livepeer capability ids (go-livepeer core/capabilities.go) and the bitstring layout: bit
 * (id mod 64) of uint64 word ⌊id/64⌋ (docs/protocol.md §10).
 */

/** Capability ids by name. */
export const CAPABILITIES = Object.freeze({
  H264: 0,
  MPEGTS: 1,
  MP4: 2,
  FractionalFramerates: 3,
  StorageDirect: 4,
  StorageS3: 5,
  StorageGCS: 6,
  ProfileH264Baseline: 7,
  ProfileH264Main: 8,
  ProfileH264High: 9,
  ProfileH264ConstrainedHigh: 10,
  GOP: 11,
  AuthToken: 12,
  SceneClassification: 13,
  MPEG7VideoSignature: 14,
  HEVC_Decode: 15,
  HEVC_Encode: 16,
  VP8_Decode: 17,
  VP9_Decode: 18,
  VP8_Encode: 19,
  VP9_Encode: 20,
  H264_Decode_444_8bit: 21,
  H264_Decode_422_8bit: 22,
  H264_Decode_444_10bit: 23,
  H264_Decode_422_10bit: 24,
  H264_Decode_420_10bit: 25,
  SegmentSlicing: 26,
  TextToImage: 27,
  ImageToImage: 28,
  ImageToVideo: 29,
  Upscale: 30,
  AudioToText: 31,
  SegmentAnything2: 32,
  LLM: 33,
  ImageToText: 34,
  LiveVideoToVideo: 35,
  TextToSpeech: 36,
  BYOC: 37,
} as const)

/** A capability name. */
export type CapabilityName = keyof typeof CAPABILITIES

/**
 * Packs capability ids into uint64 words: word[⌊id/64⌋] |= 1 << (id mod 64).
 *
 * @param ids - non-negative integer ids.
 * @returns words as bigints (length = ⌊max id / 64⌋ + 1; empty for no ids).
 * @example capabilityBitstring([0, 1, 35]) // [34359738371n]
 */
export function capabilityBitstring(ids: Iterable<number>): bigint[] {
  const words: bigint[] = []
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 0) continue
    const w = Math.floor(id / 64)
    while (words.length <= w) words.push(0n)
    words[w] = words[w]! | (1n << BigInt(id % 64))
  }
  return words
}

/**
 * True when capability `id` is set in a bitstring (words as bigints or decimal strings).
 * @example hasCapability(['34359738371'], CAPABILITIES.LiveVideoToVideo) // true
 */
export function hasCapability(bitstring: readonly (bigint | string)[], id: number): boolean {
  const word = bitstring[Math.floor(id / 64)]
  if (word === undefined || id < 0) return false
  return ((BigInt(word) >> BigInt(id % 64)) & 1n) === 1n
}

/**
 * Capability ids set in a bitstring, ascending.
 * @example capabilitiesFromBitstring([3n]) // [0, 1]
 */
export function capabilitiesFromBitstring(bitstring: readonly (bigint | string)[]): number[] {
  const ids: number[] = []
  bitstring.forEach((w, i) => {
    const word = BigInt(w)
    for (let b = 0; b < 64; b++) if ((word >> BigInt(b)) & 1n) ids.push(i * 64 + b)
  })
  return ids
}

/**
 * Word-wise subset test of two bitstrings as go-livepeer does it: every word of `sub` is covered
 * by the same word of `sup`, and `sub` has no more words than `sup` (even zero words count).
 * @example bitstringSubset([0x800001000n], [0x804005fffn]) // true
 */
export function bitstringSubset(
  sub: readonly (bigint | string)[],
  sup: readonly (bigint | string)[],
): boolean {
  if (sub.length > sup.length) return false
  for (let i = 0; i < sub.length; i++) {
    const s = BigInt(sub[i]!)
    if ((s & BigInt(sup[i]!)) !== s) return false
  }
  return true
}

/**
 * go-livepeer's bitstring compatibility test: the orchestrator's mandatories are all in the
 * gateway's bitstring, and everything the gateway needs is in the orchestrator's bitstring
 * ({@link bitstringSubset} both ways). The full rule with versions and models is
 * `capabilitiesCompatibleWith`.
 * @example capabilitiesCompatible([3n], [7n]) // true
 */
export function capabilitiesCompatible(
  gateway: readonly (bigint | string)[],
  orchestrator: readonly (bigint | string)[],
  orchestratorMandatories: readonly (bigint | string)[] = [],
): boolean {
  return bitstringSubset(orchestratorMandatories, gateway) && bitstringSubset(gateway, orchestrator)
}
