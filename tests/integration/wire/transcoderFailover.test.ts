/**
 * `prism transcoder` processes against a Prism orchestrator port over go-livepeer's protocol
 * (RegisterTranscoder over TLS, NotifySegment, input download, multipart results over HTTP/2):
 * a stream's segments are transcoded remotely with real ffmpeg; the transcoder holding the stream
 * is killed (SIGKILL) mid-segment and the segment is retried on another transcoder, or on local
 * ffmpeg when none is left: no segment is lost. A wrong secret and a zero capacity stop the
 * process with go-livepeer's texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import type { TranscodedRendition } from '../../../apps/node/src/orchestrator/compute/TranscoderRegistryTypes.ts'
import { makeTestSegment } from '../../helpers/segmentNode.ts'
import {
  spawnTranscoder,
  startTranscoderNode,
  type TranscoderNode,
  type TranscoderProcess,
  until,
} from './transcoderNode.ts'

const SECRET = 'failover-secret'
const profiles = profilesByName(['P144p30fps16x9', 'P240p30fps16x9'])

/** Each rendition decodes at its profile's size with the segment's 60 frames. */
async function expectLadder(renditions: TranscodedRendition[]): Promise<void> {
  expect(renditions.map((r) => r.profile)).toEqual(profiles.map((p) => p.name))
  for (const [i, r] of renditions.entries()) {
    const probe = await probeVideo(r.data)
    expect([probe.width, probe.height]).toEqual([profiles[i]!.width, profiles[i]!.height])
    expect(r.pixels).toBe(probe.width * probe.height * probe.frames)
  }
}

describe('prism transcoder attached to a Prism orchestrator', () => {
  let segment: Buffer
  const procs: TranscoderProcess[] = []
  const nodes: TranscoderNode[] = []

  beforeAll(async () => {
    segment = await makeTestSegment(2)
  })
  afterAll(async () => {
    for (const p of procs) await p.kill()
    for (const n of nodes) await n.close()
  })

  const start = (node: TranscoderNode, capacity = 1) => {
    const p = spawnTranscoder(['-orchAddr', node.addr, '-orchSecret', SECRET, '-capacity', String(capacity)])
    procs.push(p)
    return p
  }
  const transcode = (node: TranscoderNode, seq: number) =>
    node.registry.transcode(segment, profiles, {
      manifestId: 'stream',
      seq,
      sessionId: 'sess0001',
      durationMs: 2000,
    })

  it('transcodes remotely and retries a killed transcoder’s segment on the other one', async () => {
    const node = await startTranscoderNode({ secret: SECRET, local: false })
    nodes.push(node)
    const first = start(node)
    await until(() => node.registry.list().length === 1)
    const firstId = node.registry.list()[0]!.id
    const requeued: bigint[] = []
    node.registry.on('taskRequeued', (id) => requeued.push(id))

    await expectLadder(await transcode(node, 0))
    await expectLadder(await transcode(node, 1))
    expect(node.registry.list()[0]).toMatchObject({ id: firstId, completed: 2, load: 1 })

    start(node)
    await until(() => node.registry.list().length === 2)
    // the session sticks to the first transcoder: segment 2 goes there; kill it before it answers
    const inFlight = transcode(node, 2)
    expect(node.registry.list().find((t) => t.id === firstId)?.inFlight).toBe(1)
    await first.kill()
    await expectLadder(await inFlight)
    expect(requeued).toEqual([2n])
    await until(() => node.registry.list().length === 1)
    const survivor = node.registry.list()[0]!
    expect(survivor.id).not.toBe(firstId)
    expect(survivor.completed).toBe(1)

    await expectLadder(await transcode(node, 3))
    expect(node.registry.list()[0]!.completed).toBe(2)
  })

  it('finishes a killed transcoder’s segment on local ffmpeg when no other is attached', async () => {
    const node = await startTranscoderNode({ secret: SECRET, local: true })
    nodes.push(node)
    const only = start(node, 2)
    await until(() => node.registry.list().length === 1)
    expect(node.registry.totalCapacity()).toBe(2)
    const requeued: bigint[] = []
    node.registry.on('taskRequeued', (id) => requeued.push(id))
    const inFlight = transcode(node, 0)
    await only.kill()
    await expectLadder(await inFlight)
    expect(requeued).toEqual([0n])
    expect(node.registry.list()).toEqual([])
  })

  it('exits 1 on a wrong secret or a zero capacity, with go-livepeer’s texts', async () => {
    const node = await startTranscoderNode({ secret: SECRET })
    nodes.push(node)
    const wrong = spawnTranscoder(['-orchAddr', node.addr, '-orchSecret', 'not-it'])
    const zero = spawnTranscoder(['-orchAddr', node.addr, '-orchSecret', SECRET, '-capacity', '0'])
    procs.push(wrong, zero)
    expect(await wrong.exited).toBe(1)
    expect(wrong.output()).toContain('invalid secret')
    expect(await zero.exited).toBe(1)
    expect(zero.output()).toContain('zero capacity')
    expect(node.registry.list()).toEqual([])
  })
})
