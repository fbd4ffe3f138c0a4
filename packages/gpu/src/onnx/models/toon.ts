/** Built-in model `toon`: posterized colours with dark Sobel edges. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { clip, imageGraph, luma, padEdge, scalar } from './common.ts'

/** Sobel kernels (x then y) applied to the luma. */
export const SOBEL = [
  [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ],
  [
    [-1, -2, -1],
    [0, 0, 0],
    [1, 2, 1],
  ],
] as const

/** Edge mask: `clip(magnitude * TOON_EDGE_GAIN - TOON_EDGE_OFFSET, 0, 1)`. */
export const TOON_EDGE_GAIN = 1.5
/** @see TOON_EDGE_GAIN */
export const TOON_EDGE_OFFSET = 0.3

/**
 * `builtin:toon`: with `n = max(floor(levels + 0.5), 2) - 1`, posterize
 * `q = floor(x * n + 0.5) / n`; Sobel magnitude `m` of the luma (one 2-output 3x3 Conv, borders
 * replicated); edge mask `e = clip(1.5 m - 0.3)`; `out = q * (1 - strength * e)`.
 *
 * @example
 * const bytes = toon.build()
 */
export const toon: BuiltinModelDefinition = {
  id: 'toon',
  title: 'Toon',
  description: 'Posterized colours with dark outlines from Sobel edges.',
  params: [
    { name: 'strength', min: 0, max: 1, default: 1, description: 'Darkness of the outlines.' },
    { name: 'levels', min: 2, max: 16, default: 6, description: 'Colour levels per channel.' },
  ],
  build() {
    const { g, x, param, finish } = imageGraph('toon', this.description)
    const strength = param('strength')
    const levels = param('levels')
    const half = scalar(g, 0.5)
    const one = scalar(g, 1)
    const n = g.node('Sub', [
      g.node('Max', [g.node('Floor', [g.node('Add', [levels, half])]), scalar(g, 2)]),
      one,
    ])
    const q = g.node('Div', [g.node('Floor', [g.node('Add', [g.node('Mul', [x, n]), half])]), n])
    const sobel = g.constant(SOBEL.flat(2), [2, 1, 3, 3])
    const grads = g.conv(padEdge(g, luma(g, x), 1, 1), sobel, { kernel: [3, 3] })
    const squared = g.node('Mul', [grads, grads])
    const magnitude = g.node('Sqrt', [g.conv(squared, g.constant([1, 1], [1, 2, 1, 1]), { kernel: [1, 1] })])
    const edge = clip(
      g,
      g.node('Sub', [g.node('Mul', [magnitude, scalar(g, TOON_EDGE_GAIN)]), scalar(g, TOON_EDGE_OFFSET)]),
    )
    const keep = g.node('Sub', [one, g.node('Mul', [edge, strength])])
    return finish(g.node('Mul', [q, keep]))
  },
}
