import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { CAPABILITIES, decodeWire, fromBase64, net, netCapabilities } from '@prism/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { GatewayLiveStartError } from './errors.ts'
import { startLiveVideoToVideo } from './startLiveVideoToVideo.ts'

let server: Server | undefined
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = undefined
})

/** Answers every request with `status` and `body`; records the last request. */
async function answer(status: number, body: string) {
  const seen: { headers?: IncomingHttpHeaders; body?: string; url?: string } = {}
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      Object.assign(seen, { headers: req.headers, body: Buffer.concat(chunks).toString(), url: req.url })
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { uri: `http://127.0.0.1:${port}`, seen }
}

const live = CAPABILITIES.LiveVideoToVideo
const capabilities = netCapabilities({
  capabilities: [live],
  capacities: { [live]: 1 },
  models: { [live]: { 'builtin:sepia': { warm: false, runnerVersion: '' } } },
})
const request = (uri: string) => ({
  uri,
  info: { transcoder: uri } as net.OrchestratorInfo,
  capabilities,
  modelId: 'builtin:sepia',
  params: { strength: 0.5 },
  streamId: 'cam',
  requestId: 'cam-1',
})

describe('startLiveVideoToVideo', () => {
  it("sends go-livepeer's headers and body and makes the channel URLs absolute", async () => {
    const { uri, seen } = await answer(
      200,
      JSON.stringify({
        publish_url: '/ai/trickle/abcd0123',
        subscribe_url: '/ai/trickle/abcd0123-out',
        control_url: '/ai/trickle/abcd0123-control',
        events_url: '/ai/trickle/abcd0123-events',
        manifest_id: 'abcd0123',
      }),
    )
    const ch = await startLiveVideoToVideo(request(uri))
    expect(ch).toEqual({
      publishUrl: `${uri}/ai/trickle/abcd0123`,
      subscribeUrl: `${uri}/ai/trickle/abcd0123-out`,
      controlUrl: `${uri}/ai/trickle/abcd0123-control`,
      eventsUrl: `${uri}/ai/trickle/abcd0123-events`,
      manifestId: 'abcd0123',
    })
    expect(seen.url).toBe('/live-video-to-video')
    expect(seen.headers?.authorization).toBe('Livepeer-AI-Worker-1.0')
    expect(seen.headers?.['livepeer-payment']).toBe('')
    const seg = decodeWire(net.SegDataSchema, fromBase64(String(seen.headers?.['livepeer-segment'])))
    expect(new TextDecoder().decode(seg.manifestId)).toBe('35_builtin:sepia')
    expect(seg.seq).toBe(0n)
    // keccak256 of nothing
    expect(Buffer.from(seg.hash).toString('hex')).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
    expect(JSON.parse(seen.body ?? '')).toEqual({
      model_id: 'builtin:sepia',
      params: { strength: 0.5 },
      stream_id: 'cam',
      gateway_request_id: 'cam-1',
    })
  })

  it('fails with `control URL is missing` when the reply has no control_url', async () => {
    const { uri } = await answer(200, JSON.stringify({ publish_url: '/a', subscribe_url: '/b' }))
    const err = await startLiveVideoToVideo(request(uri)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GatewayLiveStartError)
    expect((err as GatewayLiveStartError).shortMessage).toBe('control URL is missing')
  })

  it("carries a refusal's status and text, trailing newline trimmed", async () => {
    const { uri } = await answer(503, 'insufficient capacity\n')
    const err = (await startLiveVideoToVideo(request(uri)).catch((e: unknown) => e)) as GatewayLiveStartError
    expect(err.code).toBe('GATEWAY_LIVE_START_FAILED')
    expect(err.status).toBe(503)
    expect(err.shortMessage).toBe('insufficient capacity')
  })

  it('reports an orchestrator that cannot be reached as status 0', async () => {
    const err = (await startLiveVideoToVideo(request('http://127.0.0.1:9')).catch(
      (e: unknown) => e,
    )) as GatewayLiveStartError
    expect(err.code).toBe('GATEWAY_LIVE_START_FAILED')
    expect(err.status).toBe(0)
  })
})
