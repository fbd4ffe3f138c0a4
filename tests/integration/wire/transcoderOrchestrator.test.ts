/**
 * `prism orchestrator`'s composition with remote transcoders: on the node's one TLS port a `prism
 * transcoder` registers over gRPC beside GetOrchestrator; while it is attached /info lists it and
 * GetOrchestrator advertises its capacity on top of the node's own, and both drop when it is
 * killed.
 */
import { get } from 'node:https'
import { createClient } from '@connectrpc/connect'
import { createGrpcTransport } from '@connectrpc/connect-node'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { net, OFFCHAIN_REQUEST_CREDENTIALS, orchestratorRequest } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSegmentService,
  type SegmentService,
} from '../../../apps/node/src/orchestrator/compute/segmentService.ts'
import { selfSignedCert, spawnTranscoder, type TranscoderProcess, until } from './transcoderNode.ts'

const SECRET = 'compose-secret'

/** GET over TLS without certificate checks (the node's certificate is self-signed). */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
      })
      res.on('end', () => resolve(JSON.parse(body)))
    }).on('error', reject)
  })
}

describe('a Prism orchestrator with a remote transcoder attached', () => {
  let node: RunningOrchestrator
  let segments: SegmentService
  let transcoder: TranscoderProcess | undefined

  beforeAll(async () => {
    segments = createSegmentService({ secret: SECRET, local: false })
    node = await startOrchestrator({
      httpAddr: '127.0.0.1:0',
      segments,
      orchestrator: { maxSessions: 5 },
      server: {
        https: selfSignedCert(),
        plugins: segments.plugins,
        grpcServices: [(router) => segments.registerGrpc(router)],
        infoContributors: [segments.infoContributor],
      },
    })
  })
  afterAll(async () => {
    await transcoder?.kill()
    segments?.close()
    await node?.close()
  })

  async function advertised(): Promise<Record<number, number>> {
    const client = createClient(
      net.Orchestrator,
      createGrpcTransport({ baseUrl: node.url, nodeOptions: { rejectUnauthorized: false } }),
    )
    const info = await client.getOrchestrator(orchestratorRequest(OFFCHAIN_REQUEST_CREDENTIALS))
    return info.capabilities?.capacities ?? {}
  }

  it('adds the transcoder’s capacity while it is attached', async () => {
    expect(node.url.startsWith('https://')).toBe(true)
    const own = await advertised()
    expect(own[1]).toBe(5) // MPEG-TS output: the node's -maxSessions

    transcoder = spawnTranscoder([
      '-orchAddr',
      new URL(node.url).host,
      '-orchSecret',
      SECRET,
      '-capacity',
      '3',
    ])
    await until(() => segments.registry.list().length === 1)
    const info = (await getJson(`${node.url}/info`)) as { transcoders: { capacity: number; load: number }[] }
    expect(info.transcoders).toEqual([expect.objectContaining({ capacity: 3, load: 0 })])
    const withT = await advertised()
    expect(withT[1]).toBe(6) // a Prism transcoder advertises capacity 1 per capability
    expect(withT[3]).toBe((own[3] ?? 0) + 1)

    await transcoder.kill()
    await until(() => segments.registry.list().length === 0)
    expect((await advertised())[1]).toBe(5)
  })
})
