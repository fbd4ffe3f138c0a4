/** Built-in model `sepia`: the classic sepia colour matrix, blended with the input by `strength`. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { clip, imageGraph, lerp } from './common.ts'

/** Sepia matrix rows (output R, G, B as weights of input R, G, B). */
export const SEPIA_MATRIX = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
] as const

/**
 * `builtin:sepia`: `out = clip(lerp(x, clip(M·x), strength))` with M = {@link SEPIA_MATRIX},
 * computed by a 1x1 Conv.
 *
 * @example
 * const bytes = sepia.build()
 */
export const sepia: BuiltinModelDefinition = {
  id: 'sepia',
  title: 'Sepia',
  description: 'Sepia colour matrix blended with the input.',
  params: [{ name: 'strength', min: 0, max: 1, default: 1, description: '0 = input, 1 = full sepia.' }],
  build() {
    const { g, x, param, finish } = imageGraph('sepia', this.description)
    const strength = param('strength')
    const m = g.constant(SEPIA_MATRIX.flat(), [3, 3, 1, 1])
    const toned = clip(g, g.conv(x, m, { kernel: [1, 1] }))
    return finish(clip(g, lerp(g, x, toned, strength)))
  },
}
