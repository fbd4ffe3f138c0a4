/**
 * Synchronous checks of the `file:` models of an `ai` spec, so that a session with a missing,
 * corrupt, mis-pinned or non-image model is refused at session start with the precise code
 * (the WHIP POST answers it) instead of failing after the answer. `url:` models are checked when
 * they load.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  type ChainSpec,
  checkImageSignature,
  ModelLoadFailedError,
  ModelSha256MismatchError,
} from '@prism/gpu'
import { inspectModel, type ModelSignature } from '@prism/gpu/onnx'

/**
 * Reads every `file:` model of the spec and checks its sha256 pin (when given), that it decodes
 * as ONNX and that it is image-in image-out at the spec's size.
 *
 * @throws MODEL_LOAD_FAILED, MODEL_SHA256_MISMATCH, MODEL_SIGNATURE_INVALID.
 * @example
 * precheckFileModels({ width: 224, height: 224, stages: [{ model: 'file:/models/mosaic-9.onnx', range: '0-255' }] })
 */
export function precheckFileModels(spec: ChainSpec): void {
  for (const stage of spec.stages) {
    if (!stage.model.startsWith('file:')) continue
    const path = stage.model.slice('file:'.length)
    let bytes: Uint8Array
    try {
      bytes = readFileSync(path)
    } catch (cause) {
      throw new ModelLoadFailedError(stage.model, { cause })
    }
    if (stage.sha256 !== undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex')
      const pin = stage.sha256.toLowerCase()
      if (actual !== pin) throw new ModelSha256MismatchError(stage.model, pin, actual)
    }
    let signature: ModelSignature
    try {
      signature = inspectModel(bytes)
    } catch (cause) {
      throw new ModelLoadFailedError(stage.model, { cause, details: 'not an ONNX model' })
    }
    checkImageSignature(stage.model, signature, spec.width, spec.height)
  }
}
