import type { FrameDifficulty } from './frameScores.ts'
import { THRESHOLD_TABLE } from './thresholdTable.ts'

/**
 * A calibrated row: per difficulty cell `[detail bin][motion bin]`, one threshold per score
 * (SCORE_KINDS order); null where the calibration cannot vouch for frames that hard.
 */
export type ThresholdRow = {
  thresholds: (number[] | null)[][]
  /** The lowest honest frame score of the cell or any easier one. */
  honestMin: (number[] | null)[][]
  /** The highest dishonest frame score measured in the cell. */
  dishonestMax: (number[] | null)[][]
}

/** The calibrated table (thresholdTable.ts, generated). */
export type ThresholdTable = {
  scores: readonly string[]
  /** Lower edges of the detail bins (FrameDifficulty.detail), ascending from 0. */
  detailEdges: readonly number[]
  /** Lower edges of the motion bins (FrameDifficulty.motion), ascending from 0. */
  motionEdges: readonly number[]
  models: Record<string, ThresholdRow>
}

/** The bin of a value: the last lower edge at or below it. */
export function binOf(value: number, edges: readonly number[]): number {
  let bin = 0
  for (let i = 0; i < edges.length; i++) if (value >= edges[i]!) bin = i
  return bin
}

/**
 * Thresholds (one per score, SCORE_KINDS order) for a chain of models on a frame of the given
 * difficulty: for each score the lowest of its models' thresholds, since the stage whose honest
 * output suffers most from the return codec bounds what the whole chain can score. A model
 * without a calibrated row (an external model) counts as the lowest of all built-in models.
 * @param models the chain's model references, e.g. `['builtin:toon']`.
 * @param difficulty frameDifficulty of the recomputed frame.
 * @returns the thresholds, or undefined when no calibration vouches for a frame that hard for one
 * of the models (the pair then proves nothing either way).
 * @example
 * chainThresholds(['builtin:sepia', 'builtin:blur'], { detail: 2.5, motion: 1 })
 */
export function chainThresholds(
  models: readonly string[],
  difficulty: FrameDifficulty,
  table: ThresholdTable = THRESHOLD_TABLE,
): number[] | undefined {
  const d = binOf(difficulty.detail, table.detailEdges)
  const m = binOf(difficulty.motion, table.motionEdges)
  const rows = Object.values(table.models)
  let out: number[] | undefined
  for (const model of models.length ? models : ['']) {
    const row = table.models[model]
    for (const r of row ? [row] : rows) {
      const t = r.thresholds[d]?.[m]
      if (!t) return undefined
      out = out ? out.map((v, i) => Math.min(v, t[i]!)) : [...t]
    }
  }
  return out?.length === table.scores.length ? out : undefined
}
