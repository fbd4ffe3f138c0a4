/**
 * Live AI against a Prism orchestrator as a go-livepeer gateway drives it, with a client written
 * from the protocol alone (fetch and node:http): GetOrchestrator over gRPC for the auth token,
 * `POST /live-video-to-video` with the SegData and Payment headers, MPEG-TS segments made by ffmpeg
 * published on the trickle input, the output subscribed, decoded and compared with the same chain
 * run locally on the same frames; a control message changes the output live; garbage MPEG-TS
 * becomes an event and the session goes on; refusals (unknown model, missing model_id, bad JSON);
 * a silent publisher gets 100 Continue; a subscriber behind the ring gets 470; DELETE of the
 * input ends the session.
 */
import { create } from '@bufbuild/protobuf'
import { createNodeRuntime } from '@prism/gpu/node'
import type { RunningOrchestrator } from '@prism/node'
import { buildSegData, net, segDataToHeader } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFfmpegJob } from '../../../apps/node/src/media/ffmpeg/runFfmpegJob.ts'
import { AiFrameProcessor } from '../../../apps/node/src/orchestrator/compute/AiFrameProcessor.ts'
import { aiModelInfos } from '../../../apps/node/src/orchestrator/compute/aiInfoContributor.ts'
import { liveRunnerFactory } from '../../../apps/node/src/orchestrator/compute/LiveRunner.ts'
import { decodeSegment, probeSegment } from '../../../apps/node/src/orchestrator/compute/LiveSegmentCodec.ts'
import { createAiPipelineKind } from '../../../apps/node/src/orchestrator/pipelines/aiPipelineKind.ts'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { call, open, readAll } from '../trickle/trickleClient.ts'
import { type Msg, orchestratorClient } from '../wire/orchestratorGrpcClient.ts'

const W = 160
const H = 120
const runtime = createNodeRuntime({ log: () => {} })
let node: RunningOrchestrator
let token: net.AuthToken

/** An MPEG-TS segment of testsrc starting at `start` seconds (keyframe first). */
async function makeSegment(start: number): Promise<Uint8Array> {
  const { stdout } = await runFfmpegJob('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${W}x${H}:rate=15:duration=1`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-bf',
    '0',
    '-g',
    '15',
    '-pix_fmt',
    'yuv420p',
    '-output_ts_offset',
    String(start),
    '-muxdelay',
    '0',
    '-f',
    'mpegts',
    'pipe:1',
  ])
  return stdout
}

/** Start request headers as a gateway sends them (off chain: empty payment). */
function startHeaders(): Record<string, string> {
  const seg = buildSegData({ manifestId: '35_builtin:sepia', authToken: token })
  return {
    'Content-Type': 'application/json',
    'Livepeer-Segment': segDataToHeader(seg),
    'Livepeer-Payment': '',
    Authorization: 'Livepeer-AI-Worker-1.0',
  }
}

type Started = {
  publish_url: string
  subscribe_url: string
  control_url: string
  events_url: string
  manifest_id: string
}

async function start(body: unknown): Promise<Response> {
  return fetch(`${node.url}/live-video-to-video`, {
    method: 'POST',
    headers: startHeaders(),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function meanAbsDiff(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  let sum = 0
  let count = 0
  for (let f = 0; f < Math.min(a.length, b.length); f++)
    for (let i = 0; i < a[f]!.length; i++) {
      sum += Math.abs(a[f]![i]! - b[f]![i]!)
      count++
    }
  return sum / count
}

/** The chain run here on the same frames (what the output must look like). */
async function localChain(frames: readonly Uint8Array[], strength: number): Promise<Uint8Array[]> {
  const chain = await AiFrameProcessor.create({
    runtime: await runtime,
    spec: {
      width: W,
      height: H,
      stages: [{ model: 'builtin:sepia', params: { strength } }],
    },
  })
  const out: Uint8Array[] = []
  for (const [index, data] of frames.entries()) {
    const [f] = await chain.processInput({ format: 'rgb24', width: W, height: H, pts: index, index, data })
    out.push(f!.data)
  }
  await chain.close()
  return out
}

/** Reads events from `idx` on until one matches. */
async function eventUntil(
  url: string,
  from: number,
  match: (e: Record<string, unknown>) => boolean,
): Promise<{ event: Record<string, unknown>; next: number }> {
  for (let idx = from; ; idx++) {
    const r = await call(url, 'GET', `${new URL(url).pathname}/${idx}`)
    expect(r.status).toBe(200)
    const event = JSON.parse(r.text) as Record<string, unknown>
    if (match(event)) return { event, next: idx + 1 }
  }
}

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { pipelineKinds: [createAiPipelineKind({ runtime })], maxSessions: 4, nvidia: false },
    aiModels: aiModelInfos().map((m) => m.id),
    live: { runner: liveRunnerFactory({ runtime }), trickle: { continueAfterMs: 300 } },
  })
  const grpc = orchestratorClient(node.serviceURI)
  const info = (await grpc.call('GetOrchestrator', {
    address: Buffer.alloc(20),
    sig: Buffer.alloc(0),
  })) as Msg
  grpc.close()
  const t = info.auth_token as { token: Buffer; session_id: string; expiration: string }
  token = create(net.AuthTokenSchema, {
    token: new Uint8Array(t.token),
    sessionId: t.session_id,
    expiration: BigInt(t.expiration),
  })
}, 60_000)

afterAll(async () => {
  await node?.close()
  await expectNoFfmpegLeft()
})

describe('POST /live-video-to-video refusals', () => {
  it('unknown model: 503 insufficient capacity; missing model_id: 400; bad JSON: 400', async () => {
    const unknown = await start({ model_id: 'no-such-model' })
    expect([unknown.status, await unknown.text()]).toEqual([503, 'insufficient capacity\n'])
    const missing = await start({ params: {} })
    expect([missing.status, await missing.text()]).toEqual([400, 'missing model_id\n'])
    const bad = await start('{not json')
    expect(bad.status).toBe(400)
    const forged = await fetch(`${node.url}/live-video-to-video`, {
      method: 'POST',
      headers: { ...startHeaders(), 'Livepeer-Segment': 'not base64!' },
      body: JSON.stringify({ model_id: 'builtin:sepia' }),
    })
    expect(forged.status).toBe(403)
    const badPayment = await fetch(`${node.url}/live-video-to-video`, {
      method: 'POST',
      headers: { ...startHeaders(), 'Livepeer-Payment': '%%%' },
      body: JSON.stringify({ model_id: 'builtin:sepia' }),
    })
    expect(badPayment.status).toBe(402)
  })
})

describe('a live session', () => {
  it('runs the chain on published segments, updates it by control, survives garbage, ends on DELETE', async () => {
    const res = await start({ model_id: 'builtin:sepia', params: { strength: 1 }, stream_id: 's1' })
    expect(res.status).toBe(200)
    const s = (await res.json()) as Started
    expect(s.manifest_id).toMatch(/^[0-9a-f]{8}$/)
    const base = `${node.serviceURI}/ai/trickle/${s.manifest_id}`
    expect(s).toEqual({
      publish_url: base,
      subscribe_url: `${base}-out`,
      control_url: `${base}-control`,
      events_url: `${base}-events`,
      manifest_id: s.manifest_id,
    })
    const path = (u: string) => new URL(u).pathname
    const started = await eventUntil(s.events_url, 0, (e) => e.type === 'status')
    expect(started.event.state).toBe('started')

    // segment 0: sepia at full strength, compared with the chain run here on the same frames
    const seg0 = await makeSegment(10)
    const inFrames0 = await decodeSegment(seg0, W, H)
    const out0 = open(node.url, 'GET', `${path(s.subscribe_url)}/0`)
    out0.end()
    const pub0 = await call(node.url, 'POST', `${path(s.publish_url)}/0`, Buffer.from(seg0), {
      'Content-Type': 'video/MP2T',
    })
    expect([pub0.status, pub0.headers['lp-trickle-seq']]).toEqual([200, '0'])
    const o0 = await readAll(await out0.response)
    expect(o0.status).toBe(200)
    expect(o0.headers['content-type']).toBe('video/MP2T')
    const probe = await probeSegment(o0.body)
    expect([probe.width, probe.height]).toEqual([W, H])
    expect(Math.abs(probe.startSeconds - 10)).toBeLessThan(0.2) // the input's timeline is kept
    const outFrames0 = await decodeSegment(o0.body, W, H)
    expect(outFrames0.length).toBe(inFrames0.length)
    const expected0 = await localChain(inFrames0, 1)
    const vsLocal = meanAbsDiff(outFrames0, expected0)
    const vsInput = meanAbsDiff(outFrames0, inFrames0)
    expect(vsLocal).toBeLessThan(vsInput / 3)

    // control: strength 0 (the keepalive is ignored), then segment 1 comes back close to the input
    await call(node.url, 'POST', `${path(s.control_url)}/-1`, '{"keep":"alive"}')
    await call(node.url, 'POST', `${path(s.control_url)}/-1`, '{"params":{"strength":0}}')
    const updated = await eventUntil(s.events_url, started.next, (e) => e.state === 'params_updated')
    expect(updated.event.params).toEqual({ strength: 0 })
    const seg1 = await makeSegment(11)
    const inFrames1 = await decodeSegment(seg1, W, H)
    const out1 = open(node.url, 'GET', `${path(s.subscribe_url)}/1`)
    out1.end()
    await call(node.url, 'POST', `${path(s.publish_url)}/-1`, Buffer.from(seg1))
    const outFrames1 = await decodeSegment((await readAll(await out1.response)).body, W, H)
    const expected1 = await localChain(inFrames1, 0)
    expect(meanAbsDiff(outFrames1, expected1)).toBeLessThan(meanAbsDiff(outFrames1, expected0) / 3)

    // garbage MPEG-TS: an error event, and the next segment is processed
    await call(node.url, 'POST', `${path(s.publish_url)}/-1`, 'this is not an MPEG-TS segment')
    const garbage = await eventUntil(s.events_url, updated.next, (e) => e.type === 'error')
    expect(String(garbage.event.message)).toMatch(/^segment 2: /)
    const out3 = open(node.url, 'GET', `${path(s.subscribe_url)}/2`)
    out3.end()
    await call(node.url, 'POST', `${path(s.publish_url)}/-1`, Buffer.from(await makeSegment(13)))
    const o3 = await readAll(await out3.response)
    expect(o3.headers['lp-trickle-seq']).toBe('2')
    expect((await decodeSegment(o3.body, W, H)).length).toBeGreaterThan(0)

    // a publisher that sends no byte is kept alive with 100 Continue
    const idle = open(node.url, 'POST', `${path(s.control_url)}/-1`)
    while (idle.interim.length === 0) await new Promise((r) => setTimeout(r, 50))
    expect(idle.interim).toContain(100)
    idle.end('{"keep":"alive"}')
    expect((await readAll(await idle.response)).status).toBe(200)
    // a subscriber far behind the ring: 470 with the latest index
    for (let i = 0; i < 6; i++) await call(node.url, 'POST', `${path(s.control_url)}/-1`, '{"keep":"alive"}')
    const behind = await call(node.url, 'GET', `${path(s.control_url)}/0`)
    expect(behind.status).toBe(470)
    expect(Number(behind.headers['lp-trickle-latest'])).toBeGreaterThan(5)

    // the gateway closes its publisher: the session and its four channels end
    expect((await call(node.url, 'DELETE', path(s.publish_url))).status).toBe(200)
    for (const u of [s.subscribe_url, s.control_url, s.events_url])
      expect((await call(node.url, 'GET', `${path(u)}/next`)).status).toBe(404)
  }, 120_000)
})
