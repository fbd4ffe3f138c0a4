import { listBuiltinModels } from '@prism/gpu/onnx'
import type { OrchestratorInfo } from '@prism/protocol'

/** A model the pipeline editor offers, with its parameter ranges. */
export type CatalogueModel = {
  /** Model reference for the spec, e.g. `builtin:toon`. */
  model: string
  title: string
  params: { name: string; min: number; max: number; default: number; step?: number }[]
}

/**
 * The models to offer: those an orchestrator lists on `/info`, else the built-in set of @prism/gpu.
 * @param info the chosen orchestrator's info, if known.
 * @returns models with parameter ranges.
 * @example
 * modelCatalogue(undefined).map((m) => m.model) // ['builtin:toon', …]
 */
export function modelCatalogue(info: OrchestratorInfo | undefined): CatalogueModel[] {
  const builtins = listBuiltinModels()
  if (info && info.models.length > 0) {
    return info.models.map((m) => {
      const model = m.id.includes(':') ? m.id : `builtin:${m.id}`
      return {
        model,
        title: builtins.find((b) => b.model === model)?.title ?? m.id.replace(/^builtin:/, ''),
        params: m.params.map((p) => ({ ...p })),
      }
    })
  }
  return builtins.map((m) => ({
    model: m.model,
    title: m.title,
    params: m.params.map((p) => ({ name: p.name, min: p.min, max: p.max, default: p.default })),
  }))
}

/**
 * Default parameter values of a model.
 * @example defaultParams({ model: 'builtin:x', title: 'x', params: [{ name: 'a', min: 0, max: 1, default: 0.5 }] }) // { a: 0.5 }
 */
export function defaultParams(m: CatalogueModel | undefined): Record<string, number> {
  return Object.fromEntries((m?.params ?? []).map((p) => [p.name, p.default]))
}
