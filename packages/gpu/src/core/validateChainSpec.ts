/**
 * Synchronous checks of a chain spec that need no model bytes: sizes, stage count, model
 * references, sha256 pins, and the parameters of built-in models. Lets a server refuse a bad
 * spec at session start, before any model loads.
 */

import type { ModelParamSpec } from '../onnx/BuiltinModelTypes.ts'
import { BUILTIN_MODELS } from '../onnx/builtinModels.ts'
import type { ChainSpec, StageParams } from './ChainTypes.ts'
import {
  AiChainInvalidError,
  ModelParamInvalidError,
  ModelSha256RequiredError,
  ModelUnknownError,
} from './errors.ts'

/** Limits applied by {@link validateChainSpec}. */
export type ChainLimits = {
  /** Most stages. Default: 8. */
  maxStages?: number
  /** Largest width or height. Default: 4096. */
  maxSide?: number
}

const SHA256 = /^[0-9a-f]{64}$/

/**
 * Validates a chain spec without loading models.
 *
 * @throws AI_CHAIN_INVALID, MODEL_UNKNOWN, MODEL_SHA256_REQUIRED, MODEL_PARAM_INVALID.
 * @example
 * validateChainSpec({ width: 256, height: 256, stages: [{ model: 'builtin:toon', params: { levels: 4 } }] })
 */
export function validateChainSpec(spec: ChainSpec, limits: ChainLimits = {}): void {
  const maxStages = limits.maxStages ?? 8
  const maxSide = limits.maxSide ?? 4096
  for (const [name, v] of [
    ['width', spec.width],
    ['height', spec.height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > maxSide) {
      throw new AiChainInvalidError(`${name} ${v} is not an integer in [1, ${maxSide}]`)
    }
  }
  if (spec.stages.length < 1 || spec.stages.length > maxStages) {
    throw new AiChainInvalidError(`${spec.stages.length} stages; 1 to ${maxStages} are accepted`)
  }
  for (const stage of spec.stages) {
    const colon = stage.model.indexOf(':')
    const scheme = colon > 0 ? stage.model.slice(0, colon) : ''
    if (scheme === 'builtin') {
      const def = BUILTIN_MODELS.get(stage.model.slice(colon + 1))
      if (!def) throw new ModelUnknownError(stage.model)
      resolveParams(stage.model, def.params, {}, stage.params ?? {})
      continue
    }
    if (scheme !== 'file' && scheme !== 'url') throw new ModelUnknownError(stage.model)
    const pin = stage.sha256
    if ((pin !== undefined && !SHA256.test(pin.toLowerCase())) || (scheme === 'url' && pin === undefined)) {
      throw new ModelSha256RequiredError(stage.model)
    }
    resolveParams(stage.model, [], {}, stage.params ?? {})
  }
}

/**
 * Merges parameter updates into current values (defaults for the missing ones), checking names,
 * types and ranges.
 *
 * @throws MODEL_PARAM_INVALID
 * @example
 * resolveParams('builtin:blur', blur.params, {}, { radius: 3 }) // { radius: 3 }
 */
export function resolveParams(
  model: string,
  specs: readonly ModelParamSpec[],
  current: Readonly<Record<string, number>>,
  updates: StageParams,
): Record<string, number> {
  const values: Record<string, number> = {}
  for (const p of specs) values[p.name] = current[p.name] ?? p.default
  for (const [name, value] of Object.entries(updates)) {
    const spec = specs.find((p) => p.name === name)
    if (!spec) {
      const known = specs.map((p) => p.name).join(', ') || 'none'
      throw new ModelParamInvalidError(model, `unknown parameter "${name}" (known: ${known})`)
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new ModelParamInvalidError(
        model,
        `${name} = ${value} is not a number in [${spec.min}, ${spec.max}]`,
      )
    }
    values[name] = value
  }
  return values
}
