/** Built-in model `sharpen`: unsharp mask with an `amount`. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { clip, depthwise, imageGraph } from './common.ts'

/** The 3x3 binomial blur subtracted by the unsharp mask. */
export const SHARPEN_BLUR = [
  [1 / 16, 2 / 16, 1 / 16],
  [2 / 16, 4 / 16, 2 / 16],
  [1 / 16, 2 / 16, 1 / 16],
] as const

/**
 * `builtin:sharpen`: `out = clip(x + amount * (x - blur3x3(x)))`, blur by a depthwise 3x3 Conv
 * (kernel {@link SHARPEN_BLUR}, borders replicated).
 *
 * @example
 * const bytes = sharpen.build()
 */
export const sharpen: BuiltinModelDefinition = {
  id: 'sharpen',
  title: 'Sharpen',
  description: 'Unsharp mask: adds back the difference from a 3x3 blur.',
  params: [{ name: 'amount', min: 0, max: 4, default: 1, description: '0 = input; higher = sharper.' }],
  build() {
    const { g, x, param, finish } = imageGraph('sharpen', this.description)
    const amount = param('amount')
    const detail = g.node('Sub', [x, depthwise(g, x, SHARPEN_BLUR)])
    return finish(clip(g, g.node('Add', [x, g.node('Mul', [detail, amount])])))
  },
}
