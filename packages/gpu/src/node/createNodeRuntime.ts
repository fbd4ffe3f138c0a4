/**
 * The onnxruntime-node adapter: picks CUDA, then TensorRT, when the installed onnxruntime-node
 * offers them and a probe session opens; else the CPU provider. Logs one line saying which and why.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import type { InferenceRuntime, RuntimeProviderInfo, TensorHandle } from '@prism/gpu'
import { ModelLoadFailedError } from '@prism/gpu'
import { GraphBuilder } from '@prism/gpu/onnx'
import * as ort from 'onnxruntime-node'
import { fetchModelBytes } from './fetchModelBytes.ts'
import { wrapNodeSession } from './wrapNodeSession.ts'

/** Execution providers the node adapter knows, in preference order. */
export type NodeProvider = 'cuda' | 'tensorrt' | 'cpu'

/** Options of {@link createNodeRuntime}. */
export type CreateNodeRuntimeOptions = {
  /** Providers to try, in order; `cpu` is always the last resort. Default: ['cuda', 'tensorrt', 'cpu']. */
  providers?: readonly NodeProvider[]
  /** Receives the one line saying which provider was picked and why. Default: console.info. */
  log?: (line: string) => void
  /** Threads per session for the CPU provider. Default: onnxruntime's choice. */
  intraOpNumThreads?: number
  /**
   * Let idle intra-op threads spin. Spinning lowers latency for one session but burns the cores
   * other sessions (and other stages' thread pools) need. Default: false.
   */
  allowSpinning?: boolean
}

/**
 * Creates the onnxruntime-node runtime adapter.
 *
 * @example
 * const runtime = await createNodeRuntime()
 * runtime.info // { runtime: 'onnxruntime-node', provider: 'cpu', reason: '…' }
 */
export async function createNodeRuntime(options: CreateNodeRuntimeOptions = {}): Promise<InferenceRuntime> {
  const log = options.log ?? ((line: string) => console.info(line))
  const wanted = options.providers ?? ['cuda', 'tensorrt', 'cpu']
  const available = new Set(ort.listSupportedBackends().map((b) => b.name))
  const reasons: string[] = []
  let provider: NodeProvider = 'cpu'
  for (const candidate of wanted) {
    if (candidate === 'cpu') break
    if (!available.has(candidate)) {
      reasons.push(`${candidate} is not in this onnxruntime-node build`)
      continue
    }
    const library = providerLibrary(candidate)
    if (!existsSync(library)) {
      reasons.push(`${candidate} provider library ${basename(library)} is not installed`)
      continue
    }
    const error = await probe(candidate)
    if (error === undefined) {
      provider = candidate
      break
    }
    reasons.push(`${candidate} failed to start (${error})`)
  }
  const reason =
    provider === 'cpu'
      ? reasons.length
        ? `${reasons.join('; ')}; using cpu`
        : 'cpu requested'
      : `${provider} session opened${reasons.length ? ` after: ${reasons.join('; ')}` : ''}`
  const info: RuntimeProviderInfo = { runtime: 'onnxruntime-node', provider, reason }
  log(`[gpu] onnxruntime-node ${ort.env.versions.common}: execution provider ${provider} (${reason})`)
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' } } },
  }
  if (options.intraOpNumThreads !== undefined) sessionOptions.intraOpNumThreads = options.intraOpNumThreads
  return {
    info,
    async createSession(model) {
      return wrapNodeSession(await ort.InferenceSession.create(model, sessionOptions))
    },
    createTensor(data, dims) {
      return data instanceof Uint8Array
        ? new ort.Tensor('uint8', data, dims)
        : new ort.Tensor('float32', data, dims)
    },
    async readTensor(tensor: TensorHandle) {
      const data = (tensor as ort.Tensor).data
      if (!(data instanceof Float32Array || data instanceof Uint8Array))
        throw new TypeError(`tensor is ${tensor.type}, expected float32 or uint8`)
      return data
    },
    async readModelSource(scheme, location) {
      return scheme === 'file' ? readModelFile(location) : fetchModelBytes(location)
    },
    async sha256(bytes) {
      return createHash('sha256').update(bytes).digest('hex')
    },
  }
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (cause) {
    throw new ModelLoadFailedError(`file:${path}`, { cause })
  }
}

/** Path of the shared library onnxruntime-node loads for a provider (beside its native binding). */
function providerLibrary(provider: 'cuda' | 'tensorrt'): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node')
  const dir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch)
  return join(dir, `libonnxruntime_providers_${provider}.so`)
}

async function probe(provider: NodeProvider): Promise<string | undefined> {
  const g = new GraphBuilder({ name: 'probe' })
  const x = g.input('x', [1])
  g.output(g.node('Add', [x, x]), 'y', [1])
  try {
    const session = await ort.InferenceSession.create(g.toBytes(), {
      executionProviders: [provider],
      logSeverityLevel: 4,
    })
    await session.run({ x: new ort.Tensor('float32', Float32Array.of(1), [1]) })
    await session.release()
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err)
  }
}
