/**
 * A worker thread of the {@link AiWorkerPool}: loads onnxruntime and its own runtime once, then
 * runs one session's `AiFrameProcessor` at a time, answering the session's requests (create,
 * frames, control messages, close) in order. onnxruntime-node's `run` blocks the thread that
 * calls it, so here it blocks this thread and not the node's event loop (WebRTC, HTTP, other
 * sessions). Started through `aiStageWorker.mjs`, which loads TypeScript first.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createNodeRuntime } from '@prism/gpu/node'
import { isBaseError } from '@prism/protocol/errors'
import { AiFrameProcessor } from './AiFrameProcessor.ts'
import type {
  AiStageReply,
  AiStageRequest,
  AiStageWireError,
  AiStageWorkerData,
} from './aiStageWorkerProtocol.ts'

const port = parentPort
if (!port) throw new Error('aiStageWorker runs in a worker thread')
const data = workerData as AiStageWorkerData

const post = (msg: AiStageReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)

function toWire(err: unknown): AiStageWireError {
  return isBaseError(err)
    ? { code: err.code, shortMessage: err.shortMessage, details: err.details, httpStatus: err.httpStatus }
    : { shortMessage: err instanceof Error ? err.message : String(err) }
}

try {
  const runtime = await createNodeRuntime({
    ...(data.providers ? { providers: data.providers } : {}),
    log: (line) => post({ type: 'log', line }),
  })
  let processor: AiFrameProcessor | undefined
  // one request at a time, in order: frames are awaited one by one by the pipeline anyway, and a
  // control message must not overtake the frame before it
  let queue: Promise<void> = Promise.resolve()
  const handle = async (req: AiStageRequest) => {
    try {
      if (req.type === 'create') {
        processor = await AiFrameProcessor.create({
          runtime,
          spec: req.spec,
          sendControlEvent: (event) => post({ type: 'event', event }),
          inPlace: true, // each frame's buffer was transferred here: it goes back with the output
          ...(req.statsEveryFrames !== undefined ? { statsEveryFrames: req.statsEveryFrames } : {}),
        })
        post({ type: 'done', id: req.id, stats: processor.toJSON() })
        return
      }
      if (!processor) throw new Error(`no chain on this worker for "${req.type}"`)
      switch (req.type) {
        case 'frame': {
          // its pixels arrive as a Uint8Array over the transferred buffer
          const out = await processor.processInput(req.frame)
          const transfer = out.map((f) => f.data.buffer as ArrayBuffer)
          const steps = processor.lastFrameSteps
          post({ type: 'done', id: req.id, frames: out, steps, stats: processor.toJSON() }, transfer)
          return
        }
        case 'control':
          await processor.handleControl(req.message)
          post({ type: 'done', id: req.id, stats: processor.toJSON() })
          return
        case 'close': {
          const p = processor
          processor = undefined
          await p.close()
          post({ type: 'done', id: req.id })
          return
        }
      }
    } catch (err) {
      post({ type: 'error', id: req.id, error: toWire(err) })
    }
  }
  port.on('message', (req: AiStageRequest) => {
    queue = queue.then(() => handle(req))
  })
  post({ type: 'idle' })
} catch (err) {
  post({ type: 'failed', error: toWire(err) })
}
