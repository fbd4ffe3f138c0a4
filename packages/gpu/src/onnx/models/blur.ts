/** Built-in model `blur`: separable Gaussian blur whose weights are computed in-graph from `radius`. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { attr } from '../GraphBuilder.ts'
import { imageGraph, padEdge, scalar } from './common.ts'

/** Largest supported radius: the kernels have `2 * BLUR_MAX_RADIUS + 1` taps. */
export const BLUR_MAX_RADIUS = 8

/**
 * `builtin:blur`: Gaussian with `sigma = max(radius / 2, 0.05)` over a fixed 17-tap support,
 * weights `exp(-i² / 2σ²)` normalised to sum 1, computed in the graph from the `radius` input and
 * fed as the dynamic weight of two depthwise Convs (1x17 then 17x1); borders replicated.
 * Radius 0 gives the input back.
 *
 * @example
 * const bytes = blur.build()
 */
export const blur: BuiltinModelDefinition = {
  id: 'blur',
  title: 'Gaussian blur',
  description: 'Separable Gaussian blur; sigma is radius / 2.',
  params: [
    { name: 'radius', min: 0, max: BLUR_MAX_RADIUS, default: 2, description: 'Blur radius in pixels.' },
  ],
  build() {
    const { g, x, param, finish } = imageGraph('blur', this.description)
    const radius = param('radius')
    const r = BLUR_MAX_RADIUS
    const taps = 2 * r + 1
    const i2 = g.constant(
      Array.from({ length: taps }, (_, k) => (k - r) ** 2),
      [taps],
    )
    const sigma = g.node('Max', [g.node('Div', [radius, scalar(g, 2)]), scalar(g, 0.05)])
    const twoSigma2 = g.node('Mul', [scalar(g, 2), g.node('Mul', [sigma, sigma])])
    const w = g.node('Exp', [g.node('Neg', [g.node('Div', [i2, twoSigma2])])])
    const sum = g.node('ReduceSum', [w, g.constant([0], [1], 'int64')], {})
    const wn = g.node('Div', [w, sum])
    const rowOne = g.node('Reshape', [wn, g.constant([1, 1, 1, taps], [4], 'int64')])
    const colOne = g.node('Reshape', [wn, g.constant([1, 1, taps, 1], [4], 'int64')])
    const concat3 = (v: string) => g.node('Concat', [v, v, v], { axis: attr.int(0) })
    const horizontal = g.conv(padEdge(g, x, 0, r), concat3(rowOne), { kernel: [1, taps], group: 3 })
    const vertical = g.conv(padEdge(g, horizontal, r, 0), concat3(colOne), { kernel: [taps, 1], group: 3 })
    return finish(vertical)
  },
}
