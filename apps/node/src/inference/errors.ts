/** Errors of the orchestrator's `ai` sessions (apps/node/src/inference). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

/** A control message type that `ai` sessions do not handle (e.g. `setPipeline`). */
export class AiControlUnsupportedError extends BaseError {
  override name = 'AiControlUnsupportedError'
  constructor(type: string) {
    super('AI_CONTROL_UNSUPPORTED', `control message "${type}" is not supported by ai sessions`, {
      metaMessages: ['Supported: update, setStage, ping. Start a new session to change the whole pipeline.'],
    })
  }
}
