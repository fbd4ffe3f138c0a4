/** Adapts an onnxruntime-node session to the runtime-neutral {@link RuntimeSession}. */

import type { RuntimeSession, TensorHandle } from '@prism/gpu'
import type * as ort from 'onnxruntime-node'

/**
 * Wraps an `ort.InferenceSession` (onnxruntime tensors already satisfy {@link TensorHandle}).
 *
 * @example
 * const session = wrapNodeSession(await ort.InferenceSession.create(bytes))
 */
export function wrapNodeSession(session: ort.InferenceSession): RuntimeSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      return (await session.run(feeds as Record<string, ort.Tensor>)) as Record<string, TensorHandle>
    },
    release: () => session.release(),
  }
}
