/** What {@link describeSwapGap} reads of a swap record. */
export type SwapGapRecord = {
  to: string | undefined
  /** Last output frame of the failed orchestrator → first of the new one, ms. */
  outageMs?: number
  /** Failure detected → first output frame of the new one, ms. */
  recoverMs?: number
}

/**
 * The line the stream bar shows about the last swap: the output gap the viewer saw, or that the
 * swap is still under way.
 * @param swap the last swap record (undefined: none yet).
 * @returns a short sentence, or undefined when there is nothing to say.
 * @example
 * describeSwapGap({ to: 'http://b', outageMs: 640, recoverMs: 300 }) // 'swapped orchestrator: output gap 0.64 s'
 */
export function describeSwapGap(swap: SwapGapRecord | undefined): string | undefined {
  if (!swap?.to) return undefined
  const gap = swap.outageMs ?? swap.recoverMs
  if (gap === undefined) return 'swapping orchestrator: output paused…'
  return `swapped orchestrator: output gap ${(gap / 1000).toFixed(2)} s`
}
