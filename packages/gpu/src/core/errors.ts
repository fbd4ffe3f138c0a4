/**
 * Errors of @prism/gpu: model resolution and loading, signatures, parameters, chains and frames.
 * Every code is listed in docs/errors.md.
 */
import { BaseError, type BaseErrorParameters } from '@prism/protocol/errors'

/** A `model` reference names no built-in model, or uses an unsupported scheme. */
export class ModelUnknownError extends BaseError {
  override name = 'ModelUnknownError'
  constructor(model: string, params: BaseErrorParameters = {}) {
    super('MODEL_UNKNOWN', `unknown model "${model}"`, {
      metaMessages: ['Use builtin:<id>, file:<path> (node only) or url:<https…> with a sha256 pin.'],
      ...params,
    })
  }
}

/** A model's bytes could not be read or fetched, or the runtime refused them (not valid ONNX). */
export class ModelLoadFailedError extends BaseError {
  override name = 'ModelLoadFailedError'
  constructor(model: string, params: BaseErrorParameters = {}) {
    super('MODEL_LOAD_FAILED', `model "${model}" failed to load`, { httpStatus: 422, ...params })
  }
}

/** The sha256 of the fetched model bytes differs from the pin in the spec. */
export class ModelSha256MismatchError extends BaseError {
  override name = 'ModelSha256MismatchError'
  constructor(model: string, expected: string, actual: string) {
    super('MODEL_SHA256_MISMATCH', `model "${model}" does not match its sha256 pin`, {
      metaMessages: [`expected: ${expected}`, `actual:   ${actual}`],
      httpStatus: 422,
    })
  }
}

/** A `url:` model reference has no (or a malformed) sha256 pin. */
export class ModelSha256RequiredError extends BaseError {
  override name = 'ModelSha256RequiredError'
  constructor(model: string) {
    super('MODEL_SHA256_REQUIRED', `model "${model}" needs a sha256 pin (64 hex digits)`)
  }
}

/** The model is not image-in image-out (one NCHW float input and output with 3 channels). */
export class ModelSignatureInvalidError extends BaseError {
  override name = 'ModelSignatureInvalidError'
  constructor(model: string, reason: string) {
    super('MODEL_SIGNATURE_INVALID', `model "${model}" is not an image-to-image model`, {
      details: reason,
      httpStatus: 422,
    })
  }
}

/** A stage parameter is unknown to its model, not a finite number, or out of its range. */
export class ModelParamInvalidError extends BaseError {
  override name = 'ModelParamInvalidError'
  constructor(model: string, reason: string) {
    super('MODEL_PARAM_INVALID', `invalid parameter for model "${model}"`, { details: reason })
  }
}

/** A chain spec is malformed (no stages, bad size) or a stage index is out of range. */
export class AiChainInvalidError extends BaseError {
  override name = 'AiChainInvalidError'
  constructor(reason: string) {
    super('AI_CHAIN_INVALID', 'invalid model chain', { details: reason })
  }
}

/** The runtime failed while running a stage. */
export class AiStageFailedError extends BaseError {
  override name = 'AiStageFailedError'
  constructor(stage: number, model: string, cause: unknown) {
    super('AI_STAGE_FAILED', `stage ${stage} (${model}) failed to run`, { cause, httpStatus: 500 })
  }
}

/** The chain was used after `close()`. */
export class AiChainClosedError extends BaseError {
  override name = 'AiChainClosedError'
  constructor() {
    super('AI_CHAIN_CLOSED', 'the model chain is closed', { httpStatus: 409 })
  }
}

/** A frame or tensor buffer does not have the size its width and height imply. */
export class FrameSizeInvalidError extends BaseError {
  override name = 'FrameSizeInvalidError'
  constructor(what: string, expected: number, actual: number) {
    super('FRAME_SIZE_INVALID', `${what} has ${actual} elements, expected ${expected}`)
  }
}
