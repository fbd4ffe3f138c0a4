/**
 * Test helper: turns RTP video packets (VP8 or H.264, in order) back into a file ffmpeg can decode,
 * one frame per RTP timestamp, so a test can decode what a node sent and read each frame's
 * timestamp.
 */

/** One frame of an RTP stream: its timestamp and its bitstream. */
export type RtpFrame = { ts: number; data: Buffer }

function payloadOf(p: Buffer): Buffer {
  const cc = p[0]! & 0x0f
  let off = 12 + cc * 4
  if (p[0]! & 0x10) off += 4 + p.readUInt16BE(off + 2) * 4
  return p.subarray(off)
}

/** Strips the VP8 payload descriptor (RFC 7741). */
function vp8Payload(p: Buffer): Buffer {
  let off = 1
  if (p[0]! & 0x80) {
    const x = p[1]!
    off = 2
    if (x & 0x80) off += p[off]! & 0x80 ? 2 : 1
    if (x & 0x40) off += 1
    if (x & 0x30) off += 1
  }
  return p.subarray(off)
}

const START = Buffer.from([0, 0, 0, 1])

/** Annex B NAL units of an H.264 RTP payload (single NAL, STAP-A, FU-A; RFC 6184). */
function h264Payload(p: Buffer): Buffer[] {
  const type = p[0]! & 0x1f
  if (type >= 1 && type <= 23) return [START, p]
  if (type === 24) {
    const out: Buffer[] = []
    for (let off = 1; off + 2 <= p.length; ) {
      const n = p.readUInt16BE(off)
      out.push(START, p.subarray(off + 2, off + 2 + n))
      off += 2 + n
    }
    return out
  }
  if (type === 28) {
    const fu = p[1]!
    if (fu & 0x80) return [START, Buffer.from([(p[0]! & 0xe0) | (fu & 0x1f)]), p.subarray(2)]
    return [p.subarray(2)]
  }
  return []
}

/**
 * Groups RTP packets into frames by timestamp and depacketizes them.
 * @param packets RTP packets in sending order.
 * @returns the frames in order, each with its RTP timestamp.
 */
export function rtpToFrames(packets: Buffer[], codec: 'VP8' | 'H264'): RtpFrame[] {
  const frames: Array<{ ts: number; parts: Buffer[] }> = []
  for (const pkt of packets) {
    const ts = pkt.readUInt32BE(4)
    const payload = payloadOf(pkt)
    let f = frames.at(-1)
    if (!f || f.ts !== ts) {
      f = { ts, parts: [] }
      frames.push(f)
    }
    if (codec === 'VP8') f.parts.push(vp8Payload(payload))
    else f.parts.push(...h264Payload(payload))
  }
  return frames.map((f) => ({ ts: f.ts, data: Buffer.concat(f.parts) }))
}

/** An IVF file of VP8 frames (what ffmpeg decodes one frame per entry). */
export function ivf(frames: RtpFrame[], width: number, height: number): Buffer {
  const header = Buffer.alloc(32)
  header.write('DKIF', 0)
  header.writeUInt16LE(0, 4)
  header.writeUInt16LE(32, 6)
  header.write('VP80', 8)
  header.writeUInt16LE(width, 12)
  header.writeUInt16LE(height, 14)
  header.writeUInt32LE(30, 16)
  header.writeUInt32LE(1, 20)
  header.writeUInt32LE(frames.length, 24)
  const parts: Buffer[] = [header]
  frames.forEach((f, i) => {
    const h = Buffer.alloc(12)
    h.writeUInt32LE(f.data.length, 0)
    h.writeUInt32LE(i, 4)
    parts.push(h, f.data)
  })
  return Buffer.concat(parts)
}
