/** Built-in model `emboss`: a relief of the luma, blended with the input by `strength`. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { clip, depthwise, imageGraph, lerp, luma, scalar } from './common.ts'

/** The 3x3 emboss kernel applied to the luma (light from the top-left). */
export const EMBOSS_KERNEL = [
  [-1, -1, 0],
  [-1, 0, 1],
  [0, 1, 1],
] as const

/**
 * `builtin:emboss`: `e = 0.5 + conv3x3(luma(x), EMBOSS_KERNEL)` (borders replicated), then
 * `out = clip(lerp(x, e, strength))` with `e` broadcast over the three channels.
 *
 * @example
 * const bytes = emboss.build()
 */
export const emboss: BuiltinModelDefinition = {
  id: 'emboss',
  title: 'Emboss',
  description: 'Grey relief of the image, blended with the input.',
  params: [{ name: 'strength', min: 0, max: 1, default: 1, description: '0 = input, 1 = full relief.' }],
  build() {
    const { g, x, param, finish } = imageGraph('emboss', this.description)
    const strength = param('strength')
    const relief = g.node('Add', [depthwise(g, luma(g, x), EMBOSS_KERNEL, 1), scalar(g, 0.5)])
    return finish(clip(g, lerp(g, x, relief, strength)))
  },
}
