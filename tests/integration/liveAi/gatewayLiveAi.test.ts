/**
 * Live AI through the Prism gateway, off chain: ffmpeg pushes testsrc over RTMP (1 s keyframes),
 * the gateway (`liveAi`) selects the orchestrator by GetOrchestrator with capability 35 and the
 * model, starts the job with `POST /live-video-to-video`, publishes 1 s MPEG-TS segments on the
 * input channel, reads the output channel into HLS (`ai`), forwards `POST /live/{stream}/update`
 * verbatim on the control channel, sends keepalives, and moves to the next orchestrator when a
 * job's channels close or its output stops for the output timeout.
 *
 * The orchestrator is Prism's (GetOrchestrator, `/live-video-to-video`, the trickle server); only
 * its runner is a stand-in (`live.runner`): a "model" that paints every frame in the colour named by
 * the `color` parameter, reading the input and control channels and writing the output and events
 * channels over HTTP, so that pixels show both the model and a parameter change.
 */
import { spawn } from 'node:child_process'
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, type RunningOrchestrator } from '@prism/node'
import { CAPABILITIES, decodeWire, fromBase64, net } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { TricklePublisher } from '../../../apps/node/src/gateway/live/trickle/TricklePublisher.ts'
import { TrickleSubscriber } from '../../../apps/node/src/gateway/live/trickle/TrickleSubscriber.ts'
import { readBody } from '../../../apps/node/src/gateway/live/trickle/trickleHttp.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { publishTestsrc } from '../../helpers/segmentNode.ts'

const MODEL = 'builtin:sepia'

type StartSeen = { headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }

/**
 * The runner of each job (a stand-in for the in-process model runner: it paints every frame in
 * the colour named by the `color` parameter), plus what the test observed: start requests,
 * control messages, jobs.
 */
function standIn(serviceUri: () => string) {
  const starts: StartSeen[] = []
  const controls: string[] = []
  const jobs: { mid: string; params: Record<string, unknown>; modelId: string }[] = []
  const seeStarts = (app: FastifyInstance) => {
    app.addHook('onRequest', async (req) => {
      if (req.url === '/live-video-to-video') starts.push({ headers: req.headers, body: {} })
    })
    app.addHook('preHandler', async (req) => {
      if (req.url === '/live-video-to-video')
        starts[starts.length - 1]!.body = (
          typeof req.body === 'string' ? JSON.parse(req.body) : req.body
        ) as Record<string, unknown>
    })
  }
  const runner = async (session: { mid: string; modelId: string; params: Record<string, unknown> }) => {
    jobs.push({ mid: session.mid, params: session.params, modelId: session.modelId })
    const stop = runJob(session.mid, String(session.params.color ?? 'red'))
    return { close: async () => stop() }
  }
  const runJob = (mid: string, initial: string) => {
    const base = `${serviceUri()}/ai/trickle/${mid}`
    let color = initial
    let frozen = false
    const control = new TrickleSubscriber({ url: `${base}-control`, start: 0 })
    const input = new TrickleSubscriber({ url: base, start: 0 })
    const out = new TricklePublisher({ url: `${base}-out` })
    const events = new TricklePublisher({ url: `${base}-events` })
    void (async () => {
      try {
        for (let s = await control.next(); s; s = await control.next()) {
          const text = String(await readBody(s.body))
          controls.push(text)
          const msg = JSON.parse(text) as { color?: string; freeze?: boolean }
          if (msg.color) color = msg.color
          // a job told to freeze stops its output (a stalled runner)
          if (msg.freeze) frozen = true
        }
      } catch {}
    })()
    void (async () => {
      try {
        for (let s = await input.next(); s; s = await input.next()) {
          const seg = await readBody(s.body)
          if (frozen) continue
          await out.write(await paint(seg, color))
          await events.write(Buffer.from(JSON.stringify({ type: 'status', state: 'running', seq: s.seq })))
        }
      } catch {}
    })()
    return () => {
      control.close()
      input.close()
    }
  }
  return { seeStarts, runner, starts, controls, jobs }
}

/** The "model": every frame painted in one colour (same timing, H.264 in MPEG-TS). */
function paint(segment: Buffer, color: string): Promise<Buffer> {
  return ffmpeg(
    ['-f', 'mpegts', '-i', 'pipe:0', '-vf', `drawbox=c=${color}:t=fill`, '-c:v', 'libx264', '-preset'],
    ['ultrafast', '-g', '30', '-an', '-f', 'mpegts', 'pipe:1'],
    segment,
  )
}

/** Mean R, G, B of a segment's first frame. */
async function meanRgb(segment: Uint8Array): Promise<[number, number, number]> {
  const raw = await ffmpeg(
    ['-f', 'mpegts', '-i', 'pipe:0', '-frames:v', '1', '-vf', 'scale=1:1', '-pix_fmt', 'rgb24'],
    ['-f', 'rawvideo', 'pipe:1'],
    Buffer.from(segment),
  )
  return [raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0]
}

function ffmpeg(a: string[], b: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-v', 'error', ...a, ...b], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    child.on('error', reject)
    child.on('close', () => resolve(Buffer.concat(chunks)))
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}

describe('live AI through the gateway (off chain)', () => {
  let node: RunningOrchestrator
  let fake: ReturnType<typeof standIn>
  let gateway: Gateway
  let ingest: RtmpSegmenter
  let app: FastifyInstance
  let gwBase: string
  const log: string[] = []

  beforeAll(async () => {
    let uri = ''
    fake = standIn(() => uri)
    node = await startTestOrchestrator({
      orchestrator: {
        nvidia: false,
        pipelineKinds: [createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) })],
      },
      aiModels: [MODEL],
      live: { runner: fake.runner },
      server: { plugins: [fake.seeStarts] },
    })
    uri = node.url
    gateway = new Gateway({
      orchAddrs: [node.url],
      profiles: [],
      liveAi: { modelId: MODEL, params: { color: 'red' }, keepaliveMs: 300, outputTimeoutMs: 4000 },
    })
    gateway.pool.add([node.url])
    gateway.liveAi?.on('swap', (e) => log.push(`swap ${e.uri}: ${e.reason}`))
    gateway.liveAi?.on('started', (e) => log.push(`started ${e.uri} ${e.manifestId}`))
    gateway.liveAi?.on('event', (e) => log.push(`event ${JSON.stringify(e.event)}`))
    app = await buildGatewayServer(gateway, { segmentSeconds: 1 })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const a = app.server.address()
    gwBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    ingest = new RtmpSegmenter({ port: await freePort(), segmentSeconds: 1 })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    await ingest.start()
  })
  afterAll(async () => {
    await ingest?.close()
    await gateway?.liveAi?.close()
    await app?.close()
    await node?.close()
  })

  it('streams testsrc through the job, applies a parameter update, and swaps when the channels close', async () => {
    const pub = publishTestsrc(ingest.url('cam'), 24)
    const aiSegments = async () => {
      const pl = await (await fetch(`${gwBase}/live/cam/hls/ai/index.m3u8`)).text()
      return pl.split('\n').filter((l) => l.endsWith('.ts'))
    }
    const segmentRgb = async (name: string) =>
      meanRgb(new Uint8Array(await (await fetch(`${gwBase}/live/cam/hls/ai/${name}`)).arrayBuffer()))
    const waitSegments = async (count: number) => {
      for (let i = 0; i < 200 && (await aiSegments().catch(() => [])).length < count; i++)
        await new Promise((r) => setTimeout(r, 100))
      return aiSegments()
    }

    // the start request as go-livepeer's gateway sends it
    const first = await waitSegments(2)
    expect(first.length).toBeGreaterThanOrEqual(2)
    const start = fake.starts[0]!
    expect(start.headers.authorization).toBe('Livepeer-AI-Worker-1.0')
    expect(start.headers['livepeer-payment']).toBe('')
    const seg = decodeWire(net.SegDataSchema, fromBase64(String(start.headers['livepeer-segment'])))
    expect(new TextDecoder().decode(seg.manifestId)).toBe(`${CAPABILITIES.LiveVideoToVideo}_${MODEL}`)
    expect(seg.seq).toBe(0n)
    expect(
      seg.capabilities?.constraints?.PerCapability[CAPABILITIES.LiveVideoToVideo]?.models[MODEL],
    ).toBeDefined()
    expect(start.body).toMatchObject({ model_id: MODEL, params: { color: 'red' }, stream_id: 'cam' })
    expect(typeof start.body.gateway_request_id).toBe('string')

    // the output is the model's (red), not the input's testsrc
    const [r, g, b] = await segmentRgb(first[0]!)
    expect(r).toBeGreaterThan(180)
    expect(g + b).toBeLessThan(120)

    // a parameter update reaches the job verbatim and shows within a few segments
    const update = '{"color":"blue"}'
    const res = await fetch(`${gwBase}/live/cam/update`, {
      method: 'POST',
      body: update,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(200)
    const before = (await aiSegments()).length
    const after = await waitSegments(before + 3)
    const [r2, , b2] = await segmentRgb(after[after.length - 1]!)
    expect(b2).toBeGreaterThan(180)
    expect(r2).toBeLessThan(80)
    expect(fake.controls).toContain(update)
    expect(fake.controls).toContain('{"keep":"alive"}')
    expect(log.some((l) => l.includes('"state":"running"'))).toBe(true)

    // bad updates
    expect((await fetch(`${gwBase}/live/cam/update`, { method: 'POST', body: '[1]' })).status).toBe(400)
    const unknown = await fetch(`${gwBase}/live/nope/update`, { method: 'POST', body: '{}' })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('GATEWAY_LIVE_UNKNOWN')

    // the orchestrator ends the job (its channels close): the gateway starts a new one, with the
    // parameters in force, and the output goes on
    const mid = fake.jobs[0]!.mid
    for (const s of ['', '-out', '-control', '-events'])
      await fetch(`${node.url}/ai/trickle/${mid}${s}`, { method: 'DELETE' })
    for (let i = 0; i < 100 && fake.starts.length < 2; i++) await new Promise((r) => setTimeout(r, 100))
    expect(fake.starts.length).toBe(2)
    expect(fake.starts[1]!.body.params).toEqual({ color: 'blue' })
    expect(fake.jobs[1]!.params).toEqual({ color: 'blue' })
    expect(log.some((l) => l.startsWith(`swap ${node.url}`))).toBe(true)
    const n = (await aiSegments()).length
    expect((await waitSegments(n + 2)).length).toBeGreaterThanOrEqual(n + 2)

    // the job's output stops while input flows: after the output timeout the stream moves on
    const freeze = '{"color":"blue","freeze":true}'
    await fetch(`${gwBase}/live/cam/update`, { method: 'POST', body: freeze })
    for (let i = 0; i < 150 && fake.starts.length < 3; i++) await new Promise((r) => setTimeout(r, 100))
    expect(fake.starts.length).toBe(3)
    expect(log.some((l) => l.includes('no output for 4000 ms'))).toBe(true)
    const m = (await aiSegments()).length
    expect((await waitSegments(m + 1)).length).toBeGreaterThanOrEqual(m + 1)
    expect(await pub.done).toBe(0)
  })
})
