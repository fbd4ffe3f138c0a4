/** Built-in model `pixelate`: square blocks whose size is a per-frame input. */
import type { BuiltinModelDefinition } from '../BuiltinModelTypes.ts'
import { attr } from '../GraphBuilder.ts'
import { imageGraph, scalar } from './common.ts'

/**
 * `builtin:pixelate`: with `b = max(floor(block), 1)`, every pixel takes the value of the top-left
 * pixel of its `b x b` block: row indices `floor(y / b) * b` and column indices `floor(x / b) * b`
 * are computed in the graph (Shape, Range, Div, Floor, Cast) and applied with two Gathers.
 *
 * @example
 * const bytes = pixelate.build()
 */
export const pixelate: BuiltinModelDefinition = {
  id: 'pixelate',
  title: 'Pixelate',
  description: 'Square blocks of one colour (the block’s top-left pixel).',
  params: [{ name: 'block', min: 1, max: 64, default: 8, description: 'Block size in pixels.' }],
  build() {
    const { g, x, param, finish } = imageGraph('pixelate', this.description)
    const block = param('block')
    const b = g.node('Max', [g.node('Floor', [block]), scalar(g, 1)])
    const shape = g.node('Shape', [x])
    const zero = g.constant([0], [], 'int64')
    const step = g.constant([1], [], 'int64')
    const indices = (axis: number) => {
      const size = g.node('Gather', [shape, g.constant([axis], [], 'int64')], { axis: attr.int(0) })
      const positions = g.node('Cast', [g.node('Range', [zero, size, step])], { to: attr.int(1) })
      const snapped = g.node('Mul', [g.node('Floor', [g.node('Div', [positions, b])]), b])
      return g.node('Cast', [snapped], { to: attr.int(7) })
    }
    const rows = g.node('Gather', [x, indices(2)], { axis: attr.int(2) })
    return finish(g.node('Gather', [rows, indices(3)], { axis: attr.int(3) }))
  },
}
