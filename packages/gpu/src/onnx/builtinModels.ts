/** The registry of built-in models, addressed as `builtin:<id>` in pipeline specs. */
import type { BuiltinModelDefinition } from './BuiltinModelTypes.ts'
import { blur } from './models/blur.ts'
import { emboss } from './models/emboss.ts'
import { grade } from './models/grade.ts'
import { pencil } from './models/pencil.ts'
import { pixelate } from './models/pixelate.ts'
import { sepia } from './models/sepia.ts'
import { sharpen } from './models/sharpen.ts'
import { toon } from './models/toon.ts'

/** Every built-in model, by id. */
export const BUILTIN_MODELS: ReadonlyMap<string, BuiltinModelDefinition> = new Map(
  [toon, pencil, sepia, grade, blur, sharpen, emboss, pixelate].map((m) => [m.id, m]),
)

/** A built-in model without its builder, as listed on `/info`. */
export type BuiltinModelInfo = Omit<BuiltinModelDefinition, 'build'> & { model: `builtin:${string}` }

/**
 * Lists the built-in models with their parameter ranges (for `/info` and UIs).
 *
 * @example
 * listBuiltinModels().map((m) => m.model) // ['builtin:toon', 'builtin:pencil', …]
 */
export function listBuiltinModels(): BuiltinModelInfo[] {
  return [...BUILTIN_MODELS.values()].map(({ id, title, description, params }) => ({
    model: `builtin:${id}`,
    id,
    title,
    description,
    params: params.map((p) => ({ ...p })),
  }))
}
