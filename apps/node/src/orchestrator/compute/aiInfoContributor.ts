/** Adds the built-in models (with parameter ranges) to `/info` `models`. */
import { listBuiltinModels } from '@prism/gpu/onnx'
import type { ModelInfo } from '@prism/protocol'
import type { InfoContributor } from '../http/ServerTypes.ts'

/**
 * The built-in models as /info lists them: `id` is the reference used in specs
 * (`builtin:toon`), with each parameter's min, max and default.
 *
 * @example
 * aiModelInfos().find((m) => m.id === 'builtin:blur')?.params // [{ name: 'radius', min: 0, max: 8, default: 2 }]
 */
export function aiModelInfos(): ModelInfo[] {
  return listBuiltinModels().map((m) => ({
    id: m.model,
    description: `${m.title}: ${m.description}`,
    params: m.params.map(({ name, min, max, default: def }) => ({ name, min, max, default: def })),
  }))
}

/**
 * An /info contributor appending the built-in models to `models`.
 *
 * @example
 * buildServer({ orchestrator, infoContributors: [aiInfoContributor] })
 */
export const aiInfoContributor: InfoContributor = (info) => ({ models: [...info.models, ...aiModelInfos()] })
