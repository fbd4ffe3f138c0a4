import { create } from '@bufbuild/protobuf'
import { buildSegData, net, netCapabilities, toNetVideoProfiles } from '@prism/protocol'
import { describe, expect, it, vi } from 'vitest'
import { runTask } from './runTask.ts'
import { PRISM_TRANSCODER_CAPABILITIES } from './TranscoderWorker.ts'

const capabilities = netCapabilities({ capabilities: PRISM_TRANSCODER_CAPABILITIES })

function notify(caps: number[], profiles = ['P240p30fps16x9', 'P360p30fps16x9']): net.NotifySegment {
  return create(net.NotifySegmentSchema, {
    url: 'https://o.test/stream/s/1.tempfile',
    taskId: 42n,
    segData: buildSegData({
      manifestId: 'm',
      seq: 1n,
      profiles: toNetVideoProfiles(profiles),
      capabilities: netCapabilities({ capabilities: caps }),
    }),
  })
}

describe('runTask', () => {
  it('downloads, transcodes into the SegData profiles and reports pixels', async () => {
    const transcode = vi.fn(async (_input: Uint8Array, specs: { name: string; width: number }[]) =>
      specs.map((s) => ({ data: Buffer.from(s.name), pixels: s.width })),
    )
    const download = vi.fn(async () => Uint8Array.of(1, 2, 3))
    const r = await runTask(notify([0, 1, 12]), {
      capabilities,
      download,
      transcode,
      decodedPixels: async () => 77,
    })
    expect(download).toHaveBeenCalledWith('https://o.test/stream/s/1.tempfile')
    expect(transcode.mock.calls[0]![1].map((s) => s.name)).toEqual(['P240p30fps16x9', 'P360p30fps16x9'])
    expect(r).toEqual({
      taskId: 42n,
      decodedPixels: 77,
      renditions: [
        { data: Buffer.from('P240p30fps16x9'), pixels: 426, contentType: 'video/mp2t' },
        { data: Buffer.from('P360p30fps16x9'), pixels: 640, contentType: 'video/mp2t' },
      ],
    })
  })

  it('refuses capabilities it lacks with go-livepeer’s text, before downloading', async () => {
    const download = vi.fn(async () => Uint8Array.of(1))
    const r = await runTask(notify([0, 1, 12, 16]), { capabilities, download })
    expect(r).toEqual({ taskId: 42n, error: 'incompatible segment capabilities' })
    expect(download).not.toHaveBeenCalled()
  })

  it('reports `segment / profile mismatch` when the outputs do not match the profiles', async () => {
    const r = await runTask(notify([0, 1, 12]), {
      capabilities,
      download: async () => Uint8Array.of(1),
      transcode: async () => [{ data: Uint8Array.of(1), pixels: 1 }],
      decodedPixels: async () => 1,
    })
    expect(r).toEqual({ taskId: 42n, error: 'segment / profile mismatch' })
  })

  it('reports a failed download as an error result', async () => {
    const r = await runTask(notify([0, 1, 12]), {
      capabilities,
      download: async () => Promise.reject(new Error('gone')),
    })
    expect(r).toEqual({ taskId: 42n, error: 'gone' })
  })
})
