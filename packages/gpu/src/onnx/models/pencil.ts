/** Built-in model `pencil`: a colour-dodge pencil sketch of the luma. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { depthwise, imageGraph, lerp, luma, scalar } from './common.ts'

const B5 = [1, 4, 6, 4, 1]
/** 5x5 binomial blur used on the inverted luma. */
export const PENCIL_BLUR: readonly (readonly number[])[] = B5.map((a) => B5.map((b) => (a * b) / 256))

/**
 * `builtin:pencil`: grey `y = luma(x)`, `b = blur5x5(1 - y)` (borders replicated), colour dodge
 * `d = min(y / max(1 - b, 0.001), 1)`, sketch `s = d ^ darkness`, `out = lerp(x, s, strength)`.
 *
 * @example
 * const bytes = pencil.build()
 */
export const pencil: BuiltinModelDefinition = {
  id: 'pencil',
  title: 'Pencil sketch',
  description: 'Colour-dodge pencil sketch of the grey image.',
  params: [
    { name: 'strength', min: 0, max: 1, default: 1, description: '0 = input, 1 = full sketch.' },
    { name: 'darkness', min: 0.5, max: 4, default: 1.5, description: 'Exponent applied to the sketch.' },
  ],
  build() {
    const { g, x, param, finish } = imageGraph('pencil', this.description)
    const strength = param('strength')
    const darkness = param('darkness')
    const one = scalar(g, 1)
    const y = luma(g, x)
    const blurred = depthwise(g, g.node('Sub', [one, y]), PENCIL_BLUR, 1)
    const denominator = g.node('Max', [g.node('Sub', [one, blurred]), scalar(g, 0.001)])
    const dodge = g.node('Min', [g.node('Div', [y, denominator]), one])
    const sketch = g.node('Pow', [dodge, darkness])
    return finish(lerp(g, x, sketch, strength))
  },
}
