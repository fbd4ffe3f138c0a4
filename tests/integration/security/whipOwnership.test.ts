/**
 * A WHIP session belongs to whoever opened it: the Location carries a secret, the public session
 * id alone (or with a wrong secret) neither ends nor touches the session, `/metrics` names no
 * session or stream (here with an `ai` session, whose stages are measured), and the owner's
 * DELETE on the Location, exactly as returned, ends it. Real WebRTC (werift on 127.0.0.1), real
 * ffmpeg and onnxruntime-node (CPU).
 */
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, type RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: {
      pipelineKinds: [
        createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }), statsEveryFrames: 5 }),
      ],
      maxSessions: 2,
    },
  })
})
afterAll(async () => {
  await node?.close()
  await expectNoFfmpegLeft()
})

const spec = { version: 1, kind: 'ai', width: 128, height: 96, stages: [{ model: 'builtin:sepia' }] }

async function call(method: string, path: string) {
  const res = await fetch(`${node.url}${path}`, { method })
  const body = (await res.json()) as { code?: string }
  return { status: res.status, code: body.code }
}

describe('WHIP session ownership', () => {
  it('refuses DELETE and PATCH without the Location secret, hides ids from /metrics, obeys the owner', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'owned-stream',
      pipeline: spec,
      decode: false,
      source: { type: 'testsrc', width: 128, height: 96, fps: 15 },
    })
    const session = node.orchestrator.getSessionByStream('owned-stream')!
    try {
      const location = new URL(client.location)
      const prefix = `/live/owned-stream/whip/${session.id}/`
      expect(location.pathname.startsWith(prefix)).toBe(true)
      const secret = location.pathname.slice(prefix.length)
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32,}$/) // ≥ 192 bits, base64url

      // The public id alone: a typed refusal, without looking the session up.
      for (const method of ['DELETE', 'PATCH'])
        expect(await call(method, `/live/owned-stream/whip/${session.id}`)).toEqual({
          status: 403,
          code: 'WHIP_RESOURCE_SECRET_REQUIRED',
        })
      // A wrong secret, or the right one on another stream: as if there were no such session.
      const wrong = `${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`
      for (const path of [
        `/live/owned-stream/whip/${session.id}/${wrong}`,
        `/live/owned-stream/whip/${session.id}/${secret.slice(1)}`,
        `/live/other/whip/${session.id}/${secret}`,
      ])
        expect(await call('DELETE', path)).toEqual({ status: 404, code: 'SESSION_NOT_FOUND' })
      expect(session.closed).toBe(false)
      expect(node.orchestrator.getSession(session.id)).toBe(session)

      // /metrics measures the session's stages but names neither it nor its stream.
      let metrics = ''
      const until = Date.now() + 60_000
      while (!/prism_stage_latency_ms\{[^}]*kind="ai"/.test(metrics) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250))
        metrics = await (await fetch(`${node.url}/metrics`)).text()
      }
      expect(metrics).toMatch(/prism_stage_latency_ms\{[^}]*kind="ai"[^}]*\} [0-9.e-]+/)
      expect(metrics).not.toContain(session.id)
      expect(metrics).not.toContain('owned-stream')
      expect(metrics).not.toMatch(/session="/)
      expect(JSON.stringify(await (await fetch(`${node.url}/healthz`)).json())).not.toContain(session.id)

      // The owner: PATCH on the Location is the trickle-ICE refusal, DELETE ends the session.
      const patch = await fetch(client.location, { method: 'PATCH' })
      expect([patch.status, ((await patch.json()) as { code: string }).code]).toEqual([
        405,
        'WHIP_PATCH_UNSUPPORTED',
      ])
      const del = await fetch(client.location, { method: 'DELETE' })
      expect(del.status).toBe(200)
      expect(session.closed || node.orchestrator.getSession(session.id) === undefined).toBe(true)
      await new Promise<void>((r) => (session.closed ? r() : session.once('close', () => r())))
      expect(node.orchestrator.getSessionByStream('owned-stream')).toBeUndefined()
    } finally {
      await client.close({ skipDelete: true })
    }
  })
})
