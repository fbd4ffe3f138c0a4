/**
 * Calibrates AI verification (apps/web/src/verification): measures, on a corpus of generated
 * camera content, how an honest node's returned frames score against the browser's recomputation
 * (exactly aligned, through the live codec legs: tests/integration/verification/lab.ts) and how
 * dishonest nodes score (another model, the input unprocessed, stale frames, half resolution),
 * then writes per-model thresholds below every honest score into
 * apps/web/src/verification/thresholdTable.ts and prints the margins for docs/web-app.md.
 *
 * Usage: npx tsx tests/bench/verificationCalibration.ts [--quick] [--no-write] [--contents a,b] [--configs 0,2]
 *   --quick     one camera configuration instead of four (a smoke run)
 *   --configs   only these camera configurations (indices into CONFIGS)
 *   --no-write  measure and print only
 *   --contents  only these contents of the corpus
 * Measurements are also kept in test-results/verification-calibration.json.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createNodeRuntime } from '@prism/gpu/node'
import { listBuiltinModels } from '@prism/gpu/onnx'
import { frameDifficulty, frameScores, SCORE_KINDS } from '../../apps/web/src/verification/frameScores.ts'
import { binOf, chainThresholds } from '../../apps/web/src/verification/thresholds.ts'
import {
  type ChainMeasure,
  CONTENTS,
  type LabChain,
  type LabCodec,
  makeClip,
  measureClip,
} from '../integration/verification/lab.ts'

const root = join(import.meta.dirname, '..', '..')
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    contents: { type: 'string' },
    configs: { type: 'string' },
  },
})

/** Camera size, codec of both legs, AI spec size. */
type Config = { camera: { width: number; height: number }; codec: LabCodec; spec: number }
const CONFIGS: Config[] = [
  { camera: { width: 640, height: 480 }, codec: 'VP8', spec: 256 },
  { camera: { width: 640, height: 480 }, codec: 'H264', spec: 256 },
  { camera: { width: 1280, height: 720 }, codec: 'VP8', spec: 512 },
  { camera: { width: 320, height: 240 }, codec: 'H264', spec: 128 },
]
const CLIP_FRAMES = 36
const COMPARED = [20, 23, 26, 29, 32, 35]

/** Each built-in model at its defaults and at a stronger setting (`*`). */
const STRONG: Record<string, Record<string, number>> = {
  'builtin:toon': { levels: 3 },
  'builtin:pencil': { darkness: 3 },
  'builtin:sepia': { strength: 0.6 },
  'builtin:grade': { contrast: 1.5, saturation: 1.6, brightness: 0.05 },
  'builtin:blur': { radius: 5 },
  'builtin:sharpen': { amount: 2.5 },
  'builtin:emboss': { strength: 0.6 },
  'builtin:pixelate': { block: 16 },
}
const MODELS = listBuiltinModels().map((m) => m.model)
const CHAINS: LabChain[] = MODELS.flatMap((m) => [
  { name: m, stages: [{ model: m, params: {} }] },
  { name: `${m}*`, stages: [{ model: m, params: STRONG[m] ?? {} }] },
])

/**
 * Threshold under an honest minimum: its distance to 1 times MARGIN_FACTOR, and at least 0.04
 * below it. The live path loses
 * more than the lab's replay of it (the return encoder in real time on a loaded machine, rate
 * control after a change of picture): honest live scores measured in tests/e2e/web/
 * verificationHonest.test.ts were up to 3.5 times as far from 1 as the lab's lowest.
 */
export const thresholdBelow = (honestMin: number): number =>
  Math.max(0, Math.min(honestMin - 0.04, 1 - MARGIN_FACTOR * (1 - honestMin)))
const MARGIN_FACTOR = Number(process.env.PRISM_CALIBRATION_MARGIN ?? 4)

type Record_ = { config: Config; content: string; measures: ChainMeasure[] }

async function measureAll(): Promise<Record_[]> {
  const runtime = await createNodeRuntime({ log: () => {} })
  const out: Record_[] = []
  const picked = values.configs?.split(',').map(Number)
  const configs = values.quick ? CONFIGS.slice(0, 1) : CONFIGS.filter((_, i) => !picked || picked.includes(i))
  for (const config of configs) {
    const only = values.contents?.split(',')
    for (const content of CONTENTS.filter((c) => !only || only.includes(c.name))) {
      const t0 = Date.now()
      const clip = makeClip(content, config.camera, config.codec, CLIP_FRAMES)
      const measures = await measureClip({
        runtime,
        clip,
        spec: { width: config.spec, height: config.spec },
        chains: CHAINS,
        wrongModels: MODELS,
        frames: COMPARED,
        score: frameScores,
        difficulty: frameDifficulty,
      })
      out.push({ config, content: content.name, measures })
      const label = `${config.camera.width}x${config.camera.height} ${config.codec} -> ${config.spec}`
      console.log(`${label} ${content.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`)
      mkdirSync(join(root, 'test-results'), { recursive: true })
      writeFileSync(join(root, 'test-results/verification-calibration.json'), JSON.stringify(out))
    }
  }
  return out
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const kinds = SCORE_KINDS.map((k) => k.name)
/** A dishonest picture this close to the honest one (every score) is the honest picture. */
const ALIKE = 0.98

/** Lower edges of the detail and motion bins (frameDifficulty): doubling. */
const DETAIL_EDGES = [0, 2, 4, 8, 16, 32, 64]
const MOTION_EDGES = [0, 1, 4, 16, 64]
/** A cell needs this many honest frames as hard or harder to be vouched for. */
const MIN_FRAMES = 4

type Cells<T> = T[][]
const cells = <T>(f: () => T): Cells<T> => DETAIL_EDGES.map(() => MOTION_EDGES.map(f))

type Row = {
  thresholds: Cells<number[] | null>
  honestMin: Cells<number[] | null>
  dishonestMax: Cells<number[] | null>
  /** Honest frames per cell. */
  frames: Cells<number>
  /** Per dishonest kind: samples caught, of the distinguishable ones, and those missed. */
  caught: Record<string, { caught: number; of: number; missed: string[]; alike: number; beyond: number }>
}

const minOf = (a: number[] | null, b: number[]) => (a ? a.map((v, i) => Math.min(v, b[i]!)) : [...b])

/**
 * Per model and difficulty cell (detail bin x motion bin): the lowest honest frame score per
 * score kind over the cell and every easier one (harder frames never get a stricter threshold),
 * the threshold under it, and how the dishonest samples fare (a sample fails when the median over
 * its frames of the worst margin, score minus threshold, is negative). A cell is vouched for when
 * at least MIN_FRAMES honest frames were as hard or harder in both directions; beyond, null.
 */
export function summarize(records: Record_[]): Record<string, Row> {
  const rows: Record<string, Row> = {}
  const cellOf = (d: { detail: number; motion: number }) =>
    [binOf(d.detail, DETAIL_EDGES), binOf(d.motion, MOTION_EDGES)] as const
  for (const model of MODELS) {
    const mine = records.flatMap((r) =>
      r.measures.filter((m) => m.chain === model || m.chain === `${model}*`).map((m) => ({ r, m })),
    )
    const own = cells<number[] | null>(() => null)
    const frames = cells(() => 0)
    for (const { m } of mine)
      m.honest.forEach((scores, f) => {
        const [d, v] = cellOf(m.difficulty[f]!)
        frames[d]![v]!++
        own[d]![v] = minOf(own[d]![v]!, scores)
      })
    const honestMin = cells<number[] | null>(() => null)
    const thresholds = cells<number[] | null>(() => null)
    for (let d = 0; d < DETAIL_EDGES.length; d++)
      for (let v = 0; v < MOTION_EDGES.length; v++) {
        let harder = 0
        let low: number[] | null = null
        for (let d2 = 0; d2 < DETAIL_EDGES.length; d2++)
          for (let v2 = 0; v2 < MOTION_EDGES.length; v2++) {
            if (d2 >= d && v2 >= v) harder += frames[d2]![v2]!
            const o = own[d2]![v2]
            if (d2 <= d && v2 <= v && o) low = minOf(low, o)
          }
        if (harder >= MIN_FRAMES && low) {
          honestMin[d]![v] = low
          thresholds[d]![v] = (low as number[]).map(thresholdBelow)
        }
      }
    const table = {
      scores: kinds,
      detailEdges: DETAIL_EDGES,
      motionEdges: MOTION_EDGES,
      models: { [model]: { thresholds, honestMin, dishonestMax: [] } },
    }
    const dishonestMax = cells<number[] | null>(() => null)
    const caught: Row['caught'] = {}
    for (const { r, m } of mine) {
      for (const [kind, scoresPerFrame] of Object.entries(m.dishonest)) {
        const k = kind.startsWith('wrong:') ? 'wrong model' : kind
        caught[k] ??= { caught: 0, of: 0, missed: [], alike: 0, beyond: 0 }
        const c = caught[k]
        // A cheat whose picture is the honest one before the codec (every score >= ALIKE) cannot
        // be told apart, and costs the user nothing: counted apart.
        const clean = m.dishonestClean[kind] ?? []
        if (kinds.every((_, i) => median(clean.map((f) => f[i]!)) >= ALIKE)) {
          c.alike++
          continue
        }
        const margins: number[] = []
        scoresPerFrame.forEach((scores, f) => {
          const [d, v] = cellOf(m.difficulty[f]!)
          dishonestMax[d]![v] = dishonestMax[d]![v]
            ? dishonestMax[d]![v]!.map((x, i) => Math.max(x, scores[i]!))
            : [...scores]
          const t = chainThresholds([model], m.difficulty[f]!, table)
          if (t) margins.push(Math.min(...scores.map((x, i) => x - t[i]!)))
        })
        if (margins.length === 0) {
          c.beyond++
          continue
        }
        c.of++
        if (median(margins) < 0) c.caught++
        else
          c.missed.push(
            `${r.content}/${r.config.spec}/${m.chain.replace('builtin:', '')}/${kind.replace('wrong:builtin:', '')}`,
          )
      }
    }
    rows[model] = { thresholds, honestMin, dishonestMax, frames, caught }
  }
  return rows
}

function writeTable(rows: Record<string, Row>, records: Record_[]): void {
  const r3 = (v: number) => Math.floor(v * 1000) / 1000
  const fix = (c: Cells<number[] | null>) => c.map((r) => r.map((b) => (b ? b.map(r3) : null)))
  const models = Object.fromEntries(
    Object.entries(rows).map(([m, r]) => [
      m,
      { thresholds: fix(r.thresholds), honestMin: fix(r.honestMin), dishonestMax: fix(r.dishonestMax) },
    ]),
  )
  const configs = [
    ...new Set(
      records.map(
        (r) => `${r.config.camera.width}x${r.config.camera.height} ${r.config.codec} -> ${r.config.spec}`,
      ),
    ),
  ]
  const table = { scores: kinds, detailEdges: DETAIL_EDGES, motionEdges: MOTION_EDGES, models }
  const text = `/**
 * GENERATED by \`npx tsx tests/bench/verificationCalibration.ts\`; do not edit by hand.
 * Corpus: ${CONTENTS.map((c) => c.name).join(', ')}; camera, codec and AI size: ${configs.join('; ')}.
 * Per model and difficulty cell \`[detail bin][motion bin]\` (frameDifficulty of the recomputed
 * frame): per score (SCORE_KINDS order) the threshold, the lowest honest frame score of that cell
 * or an easier one, and the highest dishonest frame score measured; null where no honest frames
 * as hard were calibrated.
 */
import type { ThresholdTable } from './thresholds.ts'

/** Calibrated per-model thresholds by difficulty, with the measurements they come from. */
export const THRESHOLD_TABLE: ThresholdTable = ${JSON.stringify(table)}
`
  const file = join(root, 'apps/web/src/verification/thresholdTable.ts')
  writeFileSync(file, text)
  // the repository's formatting (the lint checks generated files too)
  spawnSync(
    process.execPath,
    [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', file],
    {
      stdio: 'ignore',
    },
  )
}

function print(rows: Record<string, Row>): void {
  const f = (a: number[] | null | undefined) => (a ? a.map((v) => v.toFixed(2)).join('/') : '–')
  console.log(
    `\nscores: ${kinds.join(' / ')}; detail bins from ${DETAIL_EDGES.join(', ')}; motion bins from ${MOTION_EDGES.join(', ')}`,
  )
  console.log(
    '| model | honest min (lowest per score over all cells) | thresholds: easiest / hardest vouched cell | caught (of distinguishable) |',
  )
  console.log('| --- | --- | --- | --- |')
  for (const [m, r] of Object.entries(rows)) {
    const all = r.honestMin.flat().filter((x): x is number[] => x !== null)
    const lowest = all.length ? kinds.map((_, i) => Math.min(...all.map((x) => x[i]!))) : null
    const vouched = r.thresholds.flat().filter((x): x is number[] => x !== null)
    const caught = Object.entries(r.caught)
      .map(
        ([k, c]) =>
          `${k} ${c.caught}/${c.of}${c.alike ? ` (+${c.alike} alike)` : ''}${c.beyond ? ` (+${c.beyond} beyond)` : ''}`,
      )
      .join(', ')
    console.log(`| ${m} | ${f(lowest)} | ${f(vouched[0])} / ${f(vouched.at(-1))} | ${caught} |`)
  }
  if (process.env.PRISM_CALIBRATION_MISSED)
    for (const [m, r] of Object.entries(rows))
      for (const [k, c] of Object.entries(r.caught))
        if (c.missed.length) console.log(`missed ${m} ${k}: ${c.missed.join(', ')}`)
}

const records = process.env.PRISM_CALIBRATION_JSON
  ? (JSON.parse(readFileSync(process.env.PRISM_CALIBRATION_JSON, 'utf8')) as Record_[])
  : await measureAll()
const rows = summarize(records)
print(rows)
if (!values['no-write']) writeTable(rows, records)
