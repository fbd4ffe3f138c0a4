import { describe, expect, it } from 'vitest'
import { binOf, chainThresholds, type ThresholdTable } from './thresholds.ts'
import { THRESHOLD_TABLE } from './thresholdTable.ts'

const row = (thresholds: (number[] | null)[][]) => ({ thresholds, honestMin: [], dishonestMax: [] })
const table: ThresholdTable = {
  scores: ['a', 'b'],
  detailEdges: [0, 2],
  motionEdges: [0, 8],
  models: {
    'builtin:x': row([
      [
        [0.9, 0.95],
        [0.8, 0.9],
      ],
      [[0.7, 0.8], null],
    ]),
    'builtin:y': row([
      [
        [0.95, 0.9],
        [0.85, 0.8],
      ],
      [
        [0.6, 0.85],
        [0.3, 0.4],
      ],
    ]),
  },
}
const easy = { detail: 1, motion: 0 }

describe('binOf', () => {
  it('finds the last lower edge at or below the value', () => {
    expect([0, 1.9, 2, 7.9, 8, 100].map((d) => binOf(d, [0, 2, 8]))).toEqual([0, 0, 1, 1, 2, 2])
  })
})

describe('chainThresholds', () => {
  it('takes a model row at the frame detail and motion', () => {
    expect(chainThresholds(['builtin:x'], easy, table)).toEqual([0.9, 0.95])
    expect(chainThresholds(['builtin:x'], { detail: 3, motion: 0 }, table)).toEqual([0.7, 0.8])
    expect(chainThresholds(['builtin:x'], { detail: 1, motion: 9 }, table)).toEqual([0.8, 0.9])
  })
  it('takes, per score, the lowest threshold of the chain stages', () => {
    expect(chainThresholds(['builtin:x', 'builtin:y'], easy, table)).toEqual([0.9, 0.9])
  })
  it('treats an uncalibrated model as the most lenient built-in one', () => {
    expect(chainThresholds(['file:/m.onnx'], { detail: 3, motion: 0 }, table)).toEqual([0.6, 0.8])
  })
  it('is undefined where the calibration cannot vouch for a stage', () => {
    const hard = { detail: 20, motion: 20 }
    expect(chainThresholds(['builtin:x'], hard, table)).toBeUndefined()
    expect(chainThresholds(['builtin:y'], hard, table)).toEqual([0.3, 0.4])
    expect(chainThresholds(['builtin:y', 'builtin:x'], hard, table)).toBeUndefined()
  })
  it('the committed table has one threshold below 1 per score in every calibrated cell', () => {
    for (const r of Object.values(THRESHOLD_TABLE.models))
      for (const cells of r.thresholds)
        for (const cell of cells)
          if (cell) {
            expect(cell).toHaveLength(THRESHOLD_TABLE.scores.length)
            for (const t of cell) expect(t).toBeLessThan(1)
          }
  })
})
