/**
 * The committed thresholds (apps/web/src/verification/thresholdTable.ts) on a camera setup the
 * calibration never saw (960x540 VP8, AI size 320), every kind of generated content, every built-in
 * model and the style presets' chains: an honest node never fails a sample; a dishonest node
 * (another model, the input unprocessed, stale frames, half resolution) fails most of the samples
 * where its picture is plainly not the honest one, on content the return codec does not destroy
 * (noise and `life` are only printed). Replayed offline and frame-exact by the lab
 * (lab.ts): the live codec legs, the node's and the browser's own scaling, the browser's scores.
 */
import type { InferenceRuntime, StageSpec } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { listBuiltinModels } from '@prism/gpu/onnx'
import { beforeAll, describe, expect, it } from 'vitest'
import { frameDifficulty, frameScores } from '../../../apps/web/src/verification/frameScores.ts'
import { chainThresholds } from '../../../apps/web/src/verification/thresholds.ts'
import { judgeSample } from '../../../apps/web/src/verification/verificationDecision.ts'
import { type ChainMeasure, CONTENTS, makeClip, measureClip } from './lab.ts'

const MODELS = listBuiltinModels().map((m) => m.model)
/** The style presets' chains (apps/web/src/session/presets.ts). */
const PRESET_CHAINS: { name: string; stages: StageSpec[] }[] = [
  {
    name: 'comic',
    stages: [
      { model: 'builtin:toon', params: { levels: 4 } },
      { model: 'builtin:sharpen', params: { amount: 1.5 } },
    ],
  },
  {
    name: 'vintage',
    stages: [
      { model: 'builtin:sepia', params: { strength: 0.8 } },
      { model: 'builtin:grade', params: { contrast: 0.85, brightness: 0.05 } },
    ],
  },
  {
    name: 'mosaic',
    stages: [
      { model: 'builtin:pixelate', params: { block: 8 } },
      { model: 'builtin:grade', params: { saturation: 1.6 } },
    ],
  },
  {
    name: 'dream',
    stages: [
      { model: 'builtin:blur', params: { radius: 3 } },
      { model: 'builtin:grade', params: { brightness: 0.08, saturation: 1.3 } },
    ],
  },
]
const CAMERA = { width: 960, height: 540 }
const SPEC = { width: 320, height: 320 }
const FRAMES = 24
const COMPARED = [16, 19, 22]
/** Content whose detail survives the return codec: every plain cheat must be caught there. */
const READABLE = ['mandelbrot', 'text', 'motion', 'bars']
/** Share of the plain cheats' samples that must fail on readable content. */
const MIN_CAUGHT = 0.6
/** A cheat is plainly not the honest picture when, before the return codec, some score is this low. */
const PLAIN = 0.85

/** The verdict the browser would reach on one sample of these frames. */
function verdict(m: ChainMeasure, models: string[], frames: number[][]) {
  const pairs = frames.flatMap((scores, f) => {
    const thresholds = chainThresholds(models, m.difficulty[f]!)
    return thresholds ? [{ scores, thresholds }] : []
  })
  return pairs.length ? judgeSample({ kind: 'ai', pairs }) : undefined
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1]!

describe('verification thresholds on a held-out camera setup, all content, all built-in models', () => {
  let runtime: InferenceRuntime
  beforeAll(async () => {
    runtime = await createNodeRuntime({ log: () => {} })
  })

  for (const content of CONTENTS) {
    it(`${content.name}: no false alarm, plain cheats caught`, async () => {
      const clip = makeClip(content, CAMERA, 'VP8', FRAMES)
      const common = { runtime, clip, spec: SPEC, wrongModels: MODELS, frames: COMPARED }
      const lab = { score: frameScores, difficulty: frameDifficulty }
      const measures = [
        ...(await measureClip({
          ...common,
          ...lab,
          chains: MODELS.map((m) => ({ name: m, stages: [{ model: m, params: {} }] })),
        })),
        ...(await measureClip({ ...common, ...lab, chains: PRESET_CHAINS, dishonest: false })),
      ]
      const falseAlarms: string[] = []
      const missed: string[] = []
      let caught = 0
      for (const m of measures) {
        const models = (PRESET_CHAINS.find((c) => c.name === m.chain)?.stages ?? [{ model: m.chain }]).map(
          (s) => s.model,
        )
        const honest = verdict(m, models, m.honest)
        if (honest && !honest.passed) falseAlarms.push(`${m.chain}: ${honest.detail}`)
        if (PRESET_CHAINS.some((c) => c.name === m.chain)) continue
        for (const [kind, frames] of Object.entries(m.dishonest)) {
          const clean = m.dishonestClean[kind]!
          const plain = clean[0]!.some((_, i) => median(clean.map((f) => f[i]!)) < PLAIN)
          const v = verdict(m, models, frames)
          if (!plain || !v) continue
          if (v.passed) missed.push(`${m.chain} / ${kind}`)
          else caught++
        }
      }
      const rate = caught / Math.max(1, caught + missed.length)
      console.log(
        `${content.name}: ${caught} of ${caught + missed.length} plain cheats caught (${(rate * 100).toFixed(0)}%), missed: ${missed.join(', ') || 'none'}`,
      )
      expect(falseAlarms).toEqual([])
      // A node is flagged when 3 of its last 5 samples fail: a cheat failing most samples is
      // flagged within a few, so on content the codec leaves readable most samples must fail.
      if (READABLE.includes(content.name)) expect(rate).toBeGreaterThanOrEqual(MIN_CAUGHT)
    }, 600_000)
  }
})
