/** Built-in model `grade`: brightness, contrast and saturation. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { clip, imageGraph, lerp, luma, scalar } from './common.ts'

/**
 * `builtin:grade`: `y = (x - 0.5) * contrast + 0.5 + brightness`, then
 * `out = clip(lerp(luma(y), y, saturation))` (luma by a 1x1 Conv, Rec. 601 weights).
 *
 * @example
 * const bytes = grade.build()
 */
export const grade: BuiltinModelDefinition = {
  id: 'grade',
  title: 'Colour grade',
  description: 'Brightness, contrast and saturation.',
  params: [
    { name: 'brightness', min: -1, max: 1, default: 0, description: 'Added to every channel.' },
    { name: 'contrast', min: 0, max: 3, default: 1, description: 'Scales the distance from mid-grey.' },
    { name: 'saturation', min: 0, max: 3, default: 1, description: '0 = grey, 1 = unchanged.' },
  ],
  build() {
    const { g, x, param, finish } = imageGraph('grade', this.description)
    const brightness = param('brightness')
    const contrast = param('contrast')
    const saturation = param('saturation')
    const half = scalar(g, 0.5)
    const centred = g.node('Mul', [g.node('Sub', [x, half]), contrast])
    const y = g.node('Add', [g.node('Add', [centred, half]), brightness])
    return finish(clip(g, lerp(g, luma(g, y), y, saturation)))
  },
}
