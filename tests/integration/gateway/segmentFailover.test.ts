/**
 * The segment gateway leaves a dead orchestrator on the connection error itself, not on a
 * timeout: two segment nodes, the serving one crashes (every connection reset, the port closed)
 * while a segment is on it, or before the next one is sent; the segment is published from the
 * other node, and the swap's reason is the connection error (`unexpected EOF`, `ECONNRESET`,
 * `ECONNREFUSED`), never `header timeout` / `body timeout` past a deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { makeTestSegment, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9'])
const CONNECTION_ERROR = /unexpected EOF|ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/

/** Crashes a node: resets its connections and closes its port. */
async function crash(node: SegmentNode): Promise<void> {
  node.app.server.closeAllConnections()
  await node.close()
}

describe('segment gateway: failover on a connection error', () => {
  let nodes: SegmentNode[] = []
  let data: Uint8Array
  const seg = (stream: string, seq: number) => ({ stream, seq, data, durationMs: 2000 })

  beforeAll(async () => {
    data = await makeTestSegment(2)
  })

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close().catch(() => {})))
  })

  it('sends the next segment to the other node when the serving one is gone', async () => {
    nodes = [await startSegmentNode(), await startSegmentNode()]
    const [a, b] = nodes as [SegmentNode, SegmentNode]
    const gateway = new Gateway({ orchAddrs: [a.uri, b.uri], profiles })
    const served: string[] = []
    const swaps: { uri: string; reason: string }[] = []
    gateway.on('segment', (e) => served.push(e.uri))
    gateway.on('swap', (e) => swaps.push({ uri: e.uri, reason: e.reason }))
    await gateway.handleSegment(seg('s1', 0))
    expect(served).toEqual([a.uri])
    await crash(a)
    await gateway.handleSegment(seg('s1', 1))
    expect(served).toEqual([a.uri, b.uri])
    expect(swaps).toHaveLength(1)
    expect(swaps[0]!.uri).toBe(a.uri)
    expect(swaps[0]!.reason).toMatch(CONNECTION_ERROR)
  })

  it('retries a segment in flight on the other node when the serving one crashes under it', async () => {
    nodes = [...nodes, await startSegmentNode(), await startSegmentNode()]
    const [a, b] = nodes.slice(-2) as [SegmentNode, SegmentNode]
    const gateway = new Gateway({ orchAddrs: [a.uri, b.uri], profiles })
    const served: string[] = []
    const swaps: { uri: string; reason: string }[] = []
    gateway.on('segment', (e) => served.push(e.uri))
    gateway.on('swap', (e) => swaps.push({ uri: e.uri, reason: e.reason }))
    await gateway.handleSegment(seg('s2', 0))
    // crash while the segment is on the node: as soon as it reached /segment
    const arrived = new Promise<void>((resolve) =>
      a.app.server.on('request', (req: { url?: string }) => {
        if (req.url?.startsWith('/segment')) resolve()
      }),
    )
    const inFlight = gateway.handleSegment(seg('s2', 1))
    await arrived
    await crash(a)
    await inFlight
    expect(served).toEqual([a.uri, b.uri])
    expect(swaps.map((s) => s.uri)).toEqual([a.uri])
    expect(swaps[0]!.reason).toMatch(CONNECTION_ERROR)
  })
})
