import { create } from '@bufbuild/protobuf'
import { DEFAULT_CAPABILITIES, net, netCapabilities, teardownSessionId } from '@prism/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { profilesByName } from '../../media/profiles.ts'
import { TranscoderRegistry } from './TranscoderRegistry.ts'
import type { RemoteTranscoderConnection } from './TranscoderRegistryTypes.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const defaults = netCapabilities({ capabilities: DEFAULT_CAPABILITIES })

type FakeConn = RemoteTranscoderConnection & { items: net.NotifySegment[]; open: boolean }

function connection(capacity = 1, capabilities = defaults): FakeConn {
  const c: FakeConn = {
    address: '10.0.0.9',
    capacity,
    capabilities,
    baseUrl: 'https://orch.test:8935',
    items: [],
    open: true,
    send(n) {
      if (!c.open) return false
      c.items.push(n)
      return true
    },
    close() {
      c.open = false
    },
  }
  return c
}

const ok = (n = 2) => ({
  renditions: Array.from({ length: n }, (_, i) => ({ data: Uint8Array.of(i), pixels: 1000 * (i + 1) })),
  decodedPixels: 5,
})

function register(secret: string, capacity: bigint, capabilities?: net.Capabilities): net.RegisterRequest {
  return create(net.RegisterRequestSchema, { secret, capacity, ...(capabilities ? { capabilities } : {}) })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('TranscoderRegistry', () => {
  it('accepts a registration with the secret and a positive capacity, as go-livepeer refuses it otherwise', () => {
    const reg = new TranscoderRegistry({ secret: 'abc' })
    expect(() => reg.accept(register('abd', 1n))).toThrow(
      expect.objectContaining({ code: 'WIRE_TRANSCODER_SECRET_INVALID', shortMessage: 'invalid secret' }),
    )
    expect(() => reg.accept(register('abc', 0n))).toThrow(
      expect.objectContaining({ code: 'WIRE_TRANSCODER_CAPACITY_ZERO', shortMessage: 'zero capacity' }),
    )
    // secret first, as go-livepeer
    expect(() => reg.accept(register('x', 0n))).toThrow(
      expect.objectContaining({ shortMessage: 'invalid secret' }),
    )
    const caps = reg.accept(register('abc', 2n))
    expect(caps.bitstring).toEqual(defaults.bitstring)
    expect(caps.capacities[12]).toBe(1)
    const own = netCapabilities({ capabilities: [0, 1, 12] })
    expect(reg.accept(register('abc', 1n, own))).toBe(own)
    expect(() => new TranscoderRegistry({ secret: '' }).checkSecret('')).toThrow()
  })

  it('sends a work item as go-livepeer does and completes the segment with the posted renditions', async () => {
    const reg = new TranscoderRegistry({ secret: 's', orchId: '0xabc' })
    const a = connection()
    reg.handleAttach(a)
    const p = reg.transcode(Uint8Array.of(9, 9), profiles, {
      manifestId: 'm',
      seq: 7,
      sessionId: 'sess1',
      durationMs: 2000,
    })
    expect(a.items).toHaveLength(1)
    const n = a.items[0]!
    expect(n.url).toBe('https://orch.test:8935/stream/sess1/7.tempfile')
    expect(n.taskId).toBe(0n)
    expect(n.orchId).toBe('0xabc')
    expect(new TextDecoder().decode(n.profiles)).toBe('invalid')
    const seg = n.segData!
    expect(seg.hash).toEqual(new Uint8Array(32))
    expect(seg.sig).toHaveLength(0)
    expect(seg.storage).toHaveLength(0)
    expect(new TextDecoder().decode(seg.profiles)).toBe('invalid')
    expect(new TextDecoder().decode(seg.manifestId)).toBe('m')
    expect(seg.seq).toBe(7n)
    expect(seg.duration).toBe(2000)
    expect(seg.authToken?.sessionId).toBe('sess1')
    expect(seg.fullProfiles.map((x) => x.name)).toEqual(['P240p30fps16x9', 'P360p30fps16x9'])
    expect(reg.input('sess1', '7.tempfile')).toEqual(Uint8Array.of(9, 9))
    expect(reg.handleResult(0n, ok())).toBe(true)
    const r = await p
    expect(r.map((x) => [x.profile, x.pixels, x.width, x.height])).toEqual([
      ['P240p30fps16x9', 1000, 426, 240],
      ['P360p30fps16x9', 2000, 640, 360],
    ])
    expect(reg.input('sess1', '7.tempfile')).toBeUndefined()
    expect(reg.list()[0]).toMatchObject({ completed: 1, load: 1, capacity: 1, address: '10.0.0.9' })
    expect(reg.handleResult(0n, ok())).toBe(false) // finished: ignored
    reg.close()
  })

  it('sticks a session to its transcoder and puts new sessions on the lowest load/capacity', () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection(1)
    const b = connection(4)
    reg.handleAttach(a)
    reg.handleAttach(b)
    const ctx = (sessionId: string, seq: number) => ({ manifestId: sessionId, seq, sessionId })
    void reg.transcode(Uint8Array.of(1), profiles, ctx('s1', 0)).catch(() => {})
    void reg.transcode(Uint8Array.of(1), profiles, ctx('s2', 0)).catch(() => {})
    void reg.transcode(Uint8Array.of(1), profiles, ctx('s1', 1)).catch(() => {})
    const sessionsOf = (c: FakeConn) => c.items.map((n) => n.segData?.authToken?.sessionId)
    // s1 → a (both empty, a first); s2 → b (a is at 1/1); s1 again → a
    expect(sessionsOf(a)).toEqual(['s1', 's1'])
    expect(sessionsOf(b)).toEqual(['s2'])
    expect(reg.list().map((t) => t.load)).toEqual([1, 1])
    expect(reg.totalCapacity()).toBe(5)
    expect(reg.capacities()[0]).toBe(2)
    reg.close()
  })

  it('answers go-livepeer’s errors when no transcoder can take a session and nothing runs locally', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    await expect(
      reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'x', seq: 0 }),
    ).rejects.toMatchObject({
      shortMessage: 'no transcoders available',
    })
    const a = connection(1, netCapabilities({ capabilities: [0, 12] })) // no MPEG-TS output
    reg.handleAttach(a)
    await expect(
      reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'x', seq: 0 }),
    ).rejects.toMatchObject({
      shortMessage: 'no transcoders can provide requested capabilities',
    })
    const b = connection(1)
    reg.handleAttach(b)
    void reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'y', seq: 0 }).catch(() => {})
    await expect(
      reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'z', seq: 0 }),
    ).rejects.toMatchObject({
      code: 'TRANSCODER_NONE_AVAILABLE',
      shortMessage: 'no transcoders available',
    })
    reg.close()
  })

  it('transcodes locally when no transcoder can take the segment', async () => {
    const local = vi.fn(async () => [
      { profile: 'P240p30fps16x9', width: 426, height: 240, frames: 1, pixels: 1, data: Uint8Array.of(1) },
    ])
    const reg = new TranscoderRegistry({ secret: 's', local })
    const r = await reg.transcode(Uint8Array.of(1), profiles.slice(0, 1), { manifestId: 'x', seq: 0 })
    expect(r[0]!.profile).toBe('P240p30fps16x9')
    expect(local).toHaveBeenCalledOnce()
    reg.close()
  })

  it('retries a segment on another transcoder when its transcoder drops mid-segment', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection()
    const b = connection()
    const idA = reg.handleAttach(a)
    reg.handleAttach(b)
    const requeued: bigint[] = []
    reg.on('taskRequeued', (id) => requeued.push(id))
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 3, sessionId: 's' })
    expect(a.items).toHaveLength(1)
    reg.handleDetach(idA)
    expect(requeued).toEqual([0n])
    expect(b.items).toHaveLength(1)
    expect(b.items[0]!.taskId).toBe(0n)
    reg.handleResult(0n, ok())
    expect(await p).toHaveLength(2)
    // the session now sticks to b
    void reg
      .transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 4, sessionId: 's' })
      .catch(() => {})
    expect(b.items).toHaveLength(2)
    reg.close()
  })

  it('moves the segments of a dropped transcoder to local work when no other one is attached', async () => {
    const local = vi.fn(async () => [])
    const reg = new TranscoderRegistry({ secret: 's', local })
    const id = reg.handleAttach(connection())
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    expect(local).not.toHaveBeenCalled()
    reg.handleDetach(id)
    await p
    expect(local).toHaveBeenCalledOnce()
    reg.close()
  })

  it('fails with the transcoder’s error text and releases its load', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    reg.handleAttach(connection())
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    reg.handleResult(0n, { error: 'segment / profile mismatch' })
    await expect(p).rejects.toMatchObject({
      code: 'TRANSCODER_REMOTE_FAILED',
      shortMessage: 'segment / profile mismatch',
    })
    expect(reg.list()[0]!.load).toBe(0)
    reg.close()
  })

  it('gives up after max(8 s, 4 × duration) with go-livepeer’s text', async () => {
    vi.useFakeTimers()
    const reg = new TranscoderRegistry({ secret: 's' })
    reg.handleAttach(connection())
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0, durationMs: 3000 })
    const settled = vi.fn()
    p.then(settled, settled)
    await vi.advanceTimersByTimeAsync(11_999)
    expect(settled).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    await expect(p).rejects.toMatchObject({
      code: 'TRANSCODER_TIMEOUT',
      shortMessage: 'Remote transcoder took too long',
    })
    expect(reg.list()[0]!.load).toBe(0)
    reg.close()
  })

  it('sends the teardown item when a session ends or idles for 70 s', async () => {
    vi.useFakeTimers()
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection(2)
    reg.handleAttach(a)
    void reg
      .transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0, sessionId: 'one' })
      .catch(() => {})
    void reg
      .transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0, sessionId: 'two' })
      .catch(() => {})
    reg.handleResult(0n, ok())
    reg.handleResult(1n, ok())
    expect(reg.list()[0]!.load).toBe(2)
    reg.endSession('one')
    expect(teardownSessionId(a.items.at(-1)!)).toBe('one')
    expect(reg.list()[0]!.load).toBe(1)
    await vi.advanceTimersByTimeAsync(70_000)
    expect(teardownSessionId(a.items.at(-1)!)).toBe('two')
    expect(reg.list()[0]!.load).toBe(0)
    reg.close()
  })

  it('fails waiting segments and ends every stream on close', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection()
    reg.handleAttach(a)
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    reg.close()
    await expect(p).rejects.toMatchObject({ code: 'TRANSCODER_REGISTRY_CLOSED' })
    expect(a.open).toBe(false)
    expect(reg.list()).toEqual([])
  })

  it('releases what its local transcode holds (onClose) once, on the first close', () => {
    const onClose = vi.fn()
    const reg = new TranscoderRegistry({ secret: 's', onClose })
    reg.close()
    reg.close()
    expect(onClose).toHaveBeenCalledTimes(1)
  })
})
