/**
 * RenditionFeed with a real ffmpeg: no encoder before the first subscriber, raw frames in give
 * RTP of the rendition's size (the SPS), and the last unsubscribe (or close) stops the encoder.
 */
import { expect, it } from 'vitest'
import { runningFfmpegPids } from '../../media/ffmpeg/FfmpegProcess.ts'
import { sizeFromRtpPayload } from '../../media/rtpVideoInfo.ts'
import { RenditionFeed } from './RenditionFeed.ts'

const W = 320
const H = 180

/** A grey I420 frame with a moving bar, so each frame differs. */
function frame(i: number): Buffer {
  const buf = Buffer.alloc((W * H * 3) / 2, 128)
  for (let y = 0; y < H; y++) buf.fill(235, y * W + ((i * 4) % (W - 16)), y * W + ((i * 4) % (W - 16)) + 16)
  return buf
}

it('encodes while subscribed, at the rendition size', { timeout: 30_000 }, async () => {
  const feed = new RenditionFeed({
    streamId: 'feed-test',
    name: 'P144p30fps16x9',
    width: 256,
    height: 144,
    kbps: 400,
    codec: 'H264',
    input: { width: W, height: H, format: 'yuv420p' },
    fps: 30,
  })
  const before = runningFfmpegPids().length
  feed.write(frame(0)) // nobody listens: dropped, nothing started
  expect(feed.running).toBe(false)
  const sizes = new Set<string>()
  let packets = 0
  const off = feed.onRtp((pkt) => {
    packets++
    const size = sizeFromRtpPayload('H264', pkt.subarray(12))
    if (size) sizes.add(`${size.width}x${size.height}`)
  })
  await expect.poll(() => feed.running).toBe(true)
  for (let i = 0; sizes.size === 0 && i < 300; i++) {
    feed.write(frame(i))
    await new Promise((r) => setTimeout(r, 33))
  }
  expect(packets).toBeGreaterThan(0)
  expect([...sizes]).toEqual(['256x144'])
  off()
  expect(feed.running).toBe(false)
  await expect.poll(() => runningFfmpegPids().length, { timeout: 10_000 }).toBe(before)
  await feed.close()
  await feed.close()
  expect(feed.onRtp(() => undefined)).toBeTypeOf('function')
  expect(feed.running).toBe(false)
})
