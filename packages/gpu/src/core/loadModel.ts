/**
 * Resolves a stage's model reference to ONNX bytes, checks the sha256 pin and the image-in
 * image-out signature, adapts the pixel range, and opens a runtime session.
 */

import { IMAGE_INPUT, IMAGE_OUTPUT } from '../onnx/BuiltinModelTypes.ts'
import { BUILTIN_MODELS } from '../onnx/builtinModels.ts'
import { inspectModel, type ModelSignature, type ModelValueSignature } from '../onnx/inspectModel.ts'
import { RGB24_INPUT, RGB24_OUTPUT, wrapModelRgb24 } from '../onnx/rgb24Io.ts'
import { WRAPPED_INPUT, WRAPPED_OUTPUT, wrapModelRange } from '../onnx/wrapModelRange.ts'
import type { LoadedModelInfo, StageRange, StageSpec } from './ChainTypes.ts'
import {
  ModelLoadFailedError,
  ModelSha256MismatchError,
  ModelSha256RequiredError,
  ModelSignatureInvalidError,
  ModelUnknownError,
} from './errors.ts'
import type { InferenceRuntime, RuntimeSession } from './RuntimeTypes.ts'

/** A model loaded into a runtime session. */
export type LoadedModel = LoadedModelInfo & { session: RuntimeSession }

/** Parameters of {@link loadModel}. */
export type LoadModelParameters = {
  runtime: InferenceRuntime
  stage: StageSpec
  /** Frame size the chain runs at (fixed model dimensions must match). */
  width: number
  height: number
  /**
   * Ends of the model that take or give rgb24 bytes (uint8 1xHxWx3) instead of NCHW floats: the
   * first stage of an rgb24 chain converts its input in-graph, the last converts its output
   * (see onnx/rgb24Io.ts). Default: neither.
   */
  rgb24?: { input?: boolean; output?: boolean }
}

const SHA256 = /^[0-9a-f]{64}$/

/**
 * Loads one stage's model.
 *
 * @throws MODEL_UNKNOWN (unknown builtin or scheme), MODEL_SHA256_REQUIRED (url without pin),
 * MODEL_SHA256_MISMATCH, MODEL_SIGNATURE_INVALID, MODEL_LOAD_FAILED (unreadable, not ONNX, or
 * refused by the runtime).
 * @example
 * const m = await loadModel({ runtime, stage: { model: 'builtin:toon' }, width: 320, height: 240 })
 */
export async function loadModel({
  runtime,
  stage,
  width,
  height,
  rgb24,
}: LoadModelParameters): Promise<LoadedModel> {
  const ref = stage.model
  const colon = ref.indexOf(':')
  const scheme = colon > 0 ? ref.slice(0, colon) : ''
  const location = ref.slice(colon + 1)
  if (scheme === 'builtin') {
    const def = BUILTIN_MODELS.get(location)
    if (!def) throw new ModelUnknownError(ref)
    const io = withRgb24(ref, def.build(), IMAGE_INPUT, IMAGE_OUTPUT, rgb24)
    const session = await openSession(runtime, ref, io.bytes)
    return { model: ref, imageInput: io.input, imageOutput: io.output, params: def.params, session }
  }
  if (scheme !== 'file' && scheme !== 'url') throw new ModelUnknownError(ref)
  const pin = stage.sha256?.toLowerCase()
  if (pin !== undefined && !SHA256.test(pin)) throw new ModelSha256RequiredError(ref)
  if (scheme === 'url' && pin === undefined) throw new ModelSha256RequiredError(ref)
  const bytes = await runtime.readModelSource(scheme, location)
  if (pin !== undefined) {
    const actual = await runtime.sha256(bytes)
    if (actual !== pin) throw new ModelSha256MismatchError(ref, pin, actual)
  }
  let signature: ModelSignature
  try {
    signature = inspectModel(bytes)
  } catch (cause) {
    throw new ModelLoadFailedError(ref, { cause, details: 'not an ONNX model' })
  }
  const { input, output } = checkImageSignature(ref, signature, width, height)
  const range = parseRange(stage.range)
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])) {
    throw new ModelSignatureInvalidError(ref, `range [${range}] is not an increasing pair of numbers`)
  }
  const identity = range[0] === 0 && range[1] === 1
  const ranged = identity ? bytes : wrapModelRange(bytes, input, output, range)
  const io = withRgb24(
    ref,
    ranged,
    identity ? input : WRAPPED_INPUT,
    identity ? output : WRAPPED_OUTPUT,
    rgb24,
  )
  const session = await openSession(runtime, ref, io.bytes)
  return { model: ref, imageInput: io.input, imageOutput: io.output, params: [], session }
}

/** Splices the rgb24 conversions into a model's ends as asked; the image names to use after. */
function withRgb24(
  ref: string,
  bytes: Uint8Array,
  input: string,
  output: string,
  rgb24: LoadModelParameters['rgb24'],
): { bytes: Uint8Array; input: string; output: string } {
  if (!rgb24?.input && !rgb24?.output) return { bytes, input, output }
  try {
    return {
      bytes: wrapModelRgb24(bytes, {
        ...(rgb24.input ? { input } : {}),
        ...(rgb24.output ? { output } : {}),
      }),
      input: rgb24.input ? RGB24_INPUT : input,
      output: rgb24.output ? RGB24_OUTPUT : output,
    }
  } catch (cause) {
    throw new ModelLoadFailedError(ref, { cause, details: 'rgb24 conversion could not be added' })
  }
}

const NAMED_RANGES: Record<string, readonly [number, number]> = {
  '0-1': [0, 1],
  '0-255': [0, 255],
  '-1-1': [-1, 1],
}

function parseRange(range: StageRange | undefined): readonly [number, number] {
  if (range === undefined) return [0, 1]
  if (typeof range === 'string') return NAMED_RANGES[range] ?? [Number.NaN, Number.NaN]
  return range
}

async function openSession(
  runtime: InferenceRuntime,
  ref: string,
  bytes: Uint8Array,
): Promise<RuntimeSession> {
  try {
    return await runtime.createSession(bytes)
  } catch (cause) {
    throw new ModelLoadFailedError(ref, { cause })
  }
}

/**
 * Checks that a model has one NCHW float32 image input and one output with 3 channels, and that
 * fixed spatial dimensions match the frame size.
 *
 * @throws MODEL_SIGNATURE_INVALID
 */
export function checkImageSignature(
  ref: string,
  signature: ModelSignature,
  width: number,
  height: number,
): { input: string; output: string } {
  const fail = (reason: string): never => {
    throw new ModelSignatureInvalidError(ref, reason)
  }
  if (signature.inputs.length !== 1) fail(`expected 1 input, found ${signature.inputs.length}`)
  if (signature.outputs.length !== 1) fail(`expected 1 output, found ${signature.outputs.length}`)
  const check = (v: ModelValueSignature, what: string) => {
    if (v.type !== 'float32') fail(`${what} "${v.name}" is ${v.type}, expected float32`)
    if (v.shape === undefined) return
    if (v.shape.length !== 4) fail(`${what} "${v.name}" has rank ${v.shape.length}, expected 4 (NCHW)`)
    const [n, c, h, w] = v.shape
    if (typeof n === 'number' && n !== 1) fail(`${what} "${v.name}" batch is ${n}, expected 1`)
    if (typeof c === 'number' && c !== 3) fail(`${what} "${v.name}" has ${c} channels, expected 3`)
    if ((typeof h === 'number' && h !== height) || (typeof w === 'number' && w !== width)) {
      fail(
        `${what} "${v.name}" is fixed at ${w}x${h}; set the pipeline size to match (now ${width}x${height})`,
      )
    }
  }
  check(signature.inputs[0]!, 'input')
  check(signature.outputs[0]!, 'output')
  return { input: signature.inputs[0]!.name, output: signature.outputs[0]!.name }
}
