import type { TranscoderJobMessage } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import type { SegmentRendition } from '../../media/ffmpeg/transcodeSegment.ts'
import { profilesByName } from '../../media/profiles.ts'
import { type TranscoderConnection, TranscoderRegistry } from './TranscoderRegistry.ts'

const profiles = profilesByName(['P240p30fps16x9'])
const rendition = { profile: 'P240p30fps16x9', width: 426, height: 240, frames: 60, pixels: 426 * 240 * 60 }

function connection(capacity = 1): TranscoderConnection & { jobs: TranscoderJobMessage[]; open: boolean } {
  const c = {
    address: '127.0.0.1',
    capacity,
    jobs: [] as TranscoderJobMessage[],
    open: true,
    send(job: TranscoderJobMessage) {
      if (!c.open) return false
      c.jobs.push(job)
      return true
    },
    close() {
      c.open = false
    },
  }
  return c
}

const answer = { renditions: [{ ...rendition, data: Buffer.from('ts').toString('base64') }] }

describe('TranscoderRegistry', () => {
  it('checks the shared secret', () => {
    const reg = new TranscoderRegistry({ secret: 'abc' })
    expect(() => reg.checkSecret('abc')).not.toThrow()
    expect(() => reg.checkSecret('abd')).toThrow(expect.objectContaining({ code: 'TRANSCODER_AUTH_INVALID' }))
    expect(() => reg.checkSecret(undefined)).toThrow(
      expect.objectContaining({ code: 'TRANSCODER_AUTH_INVALID' }),
    )
    expect(() => new TranscoderRegistry({ secret: '' }).checkSecret('')).toThrow()
  })

  it('dispatches to the transcoder with free capacity and completes with its answer', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection()
    const b = connection()
    const idA = reg.handleAttach(a)
    reg.handleAttach(b)
    const p1 = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    const p2 = reg.transcode(Uint8Array.of(2), profiles, { manifestId: 'm', seq: 1 })
    expect(a.jobs.length + b.jobs.length).toBe(2)
    expect(a.jobs.length).toBe(1)
    expect(reg.list().find((t) => t.id === idA)?.load).toBe(1)
    reg.handleResult(a.jobs[0]!.id, answer)
    reg.handleResult(b.jobs[0]!.id, answer)
    const [r1] = await p1
    await p2
    expect(r1).toMatchObject(rendition)
    expect(Buffer.from((r1 as SegmentRendition).data).toString()).toBe('ts')
    expect(() => reg.handleResult(a.jobs[0]!.id, answer)).toThrow(
      expect.objectContaining({ code: 'TRANSCODER_JOB_UNKNOWN' }),
    )
  })

  it('moves the jobs of a transcoder that disconnects to another one', async () => {
    const reg = new TranscoderRegistry({ secret: 's' })
    const a = connection()
    const idA = reg.handleAttach(a)
    const requeued: string[] = []
    reg.on('jobRequeued', (id) => requeued.push(id))
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    expect(a.jobs).toHaveLength(1)
    const b = connection()
    reg.handleAttach(b)
    reg.handleDetach(idA)
    expect(requeued).toEqual([a.jobs[0]!.id])
    expect(b.jobs.map((j) => j.id)).toEqual([a.jobs[0]!.id])
    reg.handleResult(b.jobs[0]!.id, answer)
    await expect(p).resolves.toHaveLength(1)
    expect(reg.list()).toHaveLength(1)
  })

  it('falls back to local work when no transcoder is free, and queues without it', async () => {
    const local = new TranscoderRegistry({
      secret: 's',
      local: async () => [{ ...rendition, data: Uint8Array.of(9) }],
    })
    await expect(
      local.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 }),
    ).resolves.toHaveLength(1)

    const queued = new TranscoderRegistry({ secret: 's' })
    const p = queued.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    const late = connection()
    queued.handleAttach(late)
    expect(late.jobs).toHaveLength(1)
    queued.handleResult(late.jobs[0]!.id, answer)
    await expect(p).resolves.toHaveLength(1)
  })

  it('fails a job after maxAttempts error answers', async () => {
    const reg = new TranscoderRegistry({ secret: 's', maxAttempts: 2 })
    const a = connection(2)
    reg.handleAttach(a)
    const p = reg.transcode(Uint8Array.of(1), profiles, { manifestId: 'm', seq: 0 })
    reg.handleResult(a.jobs[0]!.id, { error: 'ffmpeg exploded' })
    expect(a.jobs).toHaveLength(2)
    reg.handleResult(a.jobs[1]!.id, { error: 'ffmpeg exploded again' })
    await expect(p).rejects.toThrow('ffmpeg exploded again')
  })
})
