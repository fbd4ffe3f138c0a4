/**
 * bench:ai — frames per second of the node's model chain versus a raw onnxruntime `session.run`
 * loop on the same models, same provider and same resolution, measured in the same run.
 *
 * - raw: sessions created directly with onnxruntime-node; each stage's output tensor is fed to
 *   the next; the last output's data is read (the least work a chain can do).
 * - chain: `ModelChain.run(input, output)` (@prism/gpu): the same, plus the copy into the caller's
 *   buffer and per-stage timing.
 * - processor: `AiFrameProcessor.processInput` (apps/node) on rgb24 frames, as the `ai` pipeline
 *   runs it: the frame's bytes go into an rgb24 chain (`io: 'rgb24'`), whose first and last stages
 *   convert bytes -> NCHW floats and back inside onnxruntime, and the result bytes are copied into
 *   the frame. It does more than the raw loop (both conversions), which starts from a float tensor.
 *
 * Every session of every variant has the same options (createNodeRuntime's: graph optimisation
 * `all`, no spinning, onnxruntime's default thread count). Besides wall-clock fps it prints CPU
 * milliseconds per frame of each variant (process CPU time, onnxruntime's threads included: it
 * moves less than fps when other work loads the machine) and the processor's per-step means
 * (to_tensor, infer, from_tensor), the figures `/metrics` exports as `prism_frame_step_seconds`;
 * with rgb24 frames the conversions are inside `infer` and the other two are near zero.
 *
 * Usage: npm run bench:ai [-- --providers cuda,cpu] [--frames 40]
 */
import { parseArgs } from 'node:util'
import { ModelChain, type StageSpec } from '@prism/gpu'
import { createNodeRuntime, type NodeProvider } from '@prism/gpu/node'
import { BUILTIN_MODELS } from '@prism/gpu/onnx'
import * as ort from 'onnxruntime-node'
import { AiFrameProcessor } from '../../apps/node/src/orchestrator/compute/AiFrameProcessor.ts'

const { values } = parseArgs({
  options: {
    providers: { type: 'string', default: 'cuda,tensorrt,cpu' },
    frames: { type: 'string', default: '0' },
  },
})

const STAGES: StageSpec[] = [
  { model: 'builtin:sepia', params: { strength: 0.8 } },
  { model: 'builtin:blur', params: { radius: 3 } },
  { model: 'builtin:toon', params: { levels: 5, strength: 1 } },
]
const SIZES = [256, 512] as const
const WARMUP = 10

function framesFor(side: number): number {
  const fixed = Number(values.frames)
  if (fixed > 0) return fixed
  return side <= 256 ? 200 : 60
}

function fillRandom(a: Float32Array | Uint8Array, scale: number): void {
  let s = 12345
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    a[i] = scale === 1 ? s / 2 ** 32 : (s >>> 24) & 0xff
  }
}

async function main(): Promise<void> {
  const providers = values.providers.split(',') as NodeProvider[]
  const runtime = await createNodeRuntime({ providers })
  const provider = runtime.info.provider
  const epList = provider === 'cpu' ? ['cpu'] : [provider, 'cpu']
  console.log(`bench:ai  chain ${STAGES.map((s) => s.model).join(' > ')}  provider ${provider}`)
  console.log('size      frames  raw fps  chain fps  ratio  processor fps  ratio  per-stage ms (chain)')
  const breakdown: string[] = []

  for (const side of SIZES) {
    const frames = framesFor(side)
    const dims = [1, 3, side, side]
    const input = new Float32Array(3 * side * side)
    fillRandom(input, 1)
    const output = new Float32Array(input.length)

    // raw baseline
    const sessions = await Promise.all(
      STAGES.map((s) =>
        ort.InferenceSession.create(BUILTIN_MODELS.get(s.model.slice('builtin:'.length))!.build(), {
          executionProviders: epList,
          graphOptimizationLevel: 'all',
          extra: { session: { intra_op: { allow_spinning: '0' } } }, // as createNodeRuntime
        }),
      ),
    )
    const paramFeeds = STAGES.map((s) => {
      const def = BUILTIN_MODELS.get(s.model.slice('builtin:'.length))!
      return Object.fromEntries(
        def.params.map((p) => [
          p.name,
          new ort.Tensor('float32', Float32Array.of((s.params?.[p.name] as number) ?? p.default), []),
        ]),
      )
    })
    const inputTensor = new ort.Tensor('float32', input, dims)
    const rawOnce = async () => {
      let current: ort.Tensor = inputTensor
      for (let i = 0; i < sessions.length; i++) {
        const out = await sessions[i]!.run({ ...paramFeeds[i], input: current })
        current = out.output!
      }
      return current.data as Float32Array
    }

    // chain and processor
    const chain = await ModelChain.create(runtime, { width: side, height: side, stages: STAGES })
    const processor = await AiFrameProcessor.create({
      runtime,
      spec: { width: side, height: side, stages: STAGES },
      statsEveryFrames: 0,
      inPlace: true, // as the ai pipeline kind
    })
    const rgb = new Uint8Array(side * side * 3)
    fillRandom(rgb, 255)
    const frame = { format: 'rgb24' as const, width: side, height: side, pts: 0, index: 0, data: rgb }

    for (let i = 0; i < WARMUP; i++) {
      await rawOnce()
      await chain.run(input, output)
      await processor.processInput(frame)
    }

    const cpu = { raw: 0, chain: 0, proc: 0 }
    const time = async (fn: () => Promise<unknown>, count: number, key: keyof typeof cpu) => {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      for (let i = 0; i < count; i++) await fn()
      const c = process.cpuUsage(c0)
      cpu[key] += (c.user + c.system) / 1000
      return (performance.now() - t0) / 1000
    }
    // interleave short rounds so that background load hits every variant alike
    const ROUNDS = 4
    const perRound = Math.max(1, Math.floor(frames / ROUNDS))
    let rawS = 0
    let chainS = 0
    let procS = 0
    for (let round = 0; round < ROUNDS; round++) {
      procS += await time(() => processor.processInput(frame), perRound, 'proc')
      rawS += await time(rawOnce, perRound, 'raw')
      chainS += await time(() => chain.run(input, output), perRound, 'chain')
    }
    const n = perRound * ROUNDS
    const rawFps = n / rawS
    const chainFps = n / chainS
    const procFps = n / procS
    const stageMs = chain
      .toJSON()
      .stages.map((s) => `${s.model.slice(8)} ${s.meanMs.toFixed(2)}`)
      .join(', ')
    console.log(
      `${`${side}x${side}`.padEnd(9)} ${String(n).padStart(6)} ${rawFps.toFixed(1).padStart(8)} ${chainFps
        .toFixed(1)
        .padStart(10)} ${(chainFps / rawFps).toFixed(2).padStart(6)} ${procFps.toFixed(1).padStart(14)} ${(
        procFps / rawFps
      )
        .toFixed(2)
        .padStart(6)}  ${stageMs}`,
    )
    const steps = processor.toJSON().stepsMeanMs
    const perFrame = (ms: number) => (ms / n).toFixed(2)
    breakdown.push(
      `${`${side}x${side}`.padEnd(9)} cpu ms/frame raw ${perFrame(cpu.raw)}  chain ${perFrame(cpu.chain)}  processor ${perFrame(cpu.proc)} (ratio ${(cpu.raw / cpu.proc).toFixed(2)})  |  processor steps ms: to_tensor ${steps.to_tensor.toFixed(2)}, infer ${steps.infer.toFixed(2)}, from_tensor ${steps.from_tensor.toFixed(2)}`,
    )
    await chain.close()
    await processor.close()
    await Promise.all(sessions.map((s) => s.release()))
  }
  for (const line of breakdown) console.log(line)
}

await main()
