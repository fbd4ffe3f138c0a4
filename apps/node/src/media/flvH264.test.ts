import { describe, expect, it } from 'vitest'
import { runFfmpegJob } from './ffmpeg/runFfmpegJob.ts'
import { probePackets, testTs } from './ffmpeg/testClips.ts'
import {
  flvAvcConfigTag,
  flvAvcFrameTag,
  flvHeader,
  NAL_IDR,
  NAL_PPS,
  NAL_SPS,
  nalType,
  splitAnnexB,
} from './flvH264.ts'
import { readMpegtsVideoFrames } from './mpegtsVideoFrames.ts'

describe('splitAnnexB', () => {
  it('splits on 3- and 4-byte start codes and drops the zero before a 4-byte one', () => {
    const es = Uint8Array.of(0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5)
    expect(splitAnnexB(es).map((n) => [...n])).toEqual([
      [0x67, 1, 2],
      [0x68, 3],
      [0x65, 4, 5],
    ])
    expect(splitAnnexB(es).map(nalType)).toEqual([NAL_SPS, NAL_PPS, NAL_IDR])
    expect(splitAnnexB(Uint8Array.of(1, 2, 3))).toEqual([])
  })
})

describe('FLV writer', () => {
  it('writes an H.264 stream that ffprobe reads back with every frame and its timestamps', async () => {
    const ts = await testTs({ bframes: 2 })
    const frames = readMpegtsVideoFrames(ts)!.frames
    const nals = splitAnnexB(frames[0]!.data)
    const sps = nals.find((n) => nalType(n) === NAL_SPS)!
    const pps = nals.find((n) => nalType(n) === NAL_PPS)!
    const flv = Buffer.concat([
      flvHeader(),
      flvAvcConfigTag(sps, pps, frames[0]!.dts / 90),
      ...frames.map((f) => {
        const n = splitAnnexB(f.data)
        return flvAvcFrameTag(
          n,
          f.dts / 90,
          f.pts / 90,
          n.some((x) => nalType(x) === NAL_IDR),
        )
      }),
    ])
    const { stdout } = await runFfmpegJob(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', 'pipe:0'],
      { stdin: flv },
    )
    const { streams } = JSON.parse(stdout.toString()) as { streams: Array<{ codec_name: string }> }
    expect(streams[0]).toMatchObject({ codec_name: 'h264', width: 160, height: 90 })
    const packets = await probePackets(flv)
    expect(packets.map((p) => [p.pts, p.dts])).toEqual(
      frames.map((f) => [Math.round(f.pts / 90), Math.round(f.dts / 90)]),
    )
    expect(packets.filter((p) => p.key)).toHaveLength(1)
  })
})
