/**
 * The sender's encoded transform (RTCRtpScriptTransform worker): every encoded frame the browser
 * sends passes through unchanged, and is also decoded here with WebCodecs from the first keyframe
 * on (Chromium offers no way to ask its encoder for a keyframe later, so decoding never stops).
 * While armed, each decoded frame is posted to the page as tight I420 with its RTP timestamp:
 * the very picture the orchestrator's decoder produced from the same bytes. While armed, the RTP
 * timestamp of every encoded frame is also posted as soon as the frame passes (before it is on the
 * wire), so the page can watch for its returned frame however fast the node answers.
 *
 * Port messages in: `{ type: 'arm', frames }` (post the next `frames` decoded frames),
 * `{ type: 'disarm' }`. Out: {@link InputTapMessage}.
 */
import type { InputTapMessage } from './InputTap.ts'
import { videoFrameToI420 } from './videoFrameI420.ts'

type Transformer = {
  readable: ReadableStream<RTCEncodedVideoFrame>
  writable: WritableStream<RTCEncodedVideoFrame>
  options: { port: MessagePort }
}

const scope = self as unknown as { onrtctransform: ((ev: { transformer: Transformer }) => void) | null }

scope.onrtctransform = (ev) => {
  const { readable, writable, options } = ev.transformer
  const port = options.port
  let decoder: VideoDecoder | undefined
  let needKey = true
  let armed = 0
  const post = (m: InputTapMessage, transfer: Transferable[] = []) => port.postMessage(m, transfer)

  port.onmessage = (m: MessageEvent<{ type: 'arm'; frames: number } | { type: 'disarm' }>) => {
    armed = m.data.type === 'arm' ? m.data.frames : 0
  }

  const reset = (error: string) => {
    needKey = true
    try {
      decoder?.close()
    } catch {}
    decoder = undefined
    post({ type: 'status', decoding: false, error })
  }

  const output = (frame: VideoFrame) => {
    if (armed <= 0) {
      frame.close()
      return
    }
    armed--
    const ts = frame.timestamp
    void videoFrameToI420(frame).then(
      (yuv) => {
        frame.close()
        if (yuv)
          post({ type: 'frame', ts, width: yuv.width, height: yuv.height, data: yuv.data }, [yuv.data.buffer])
      },
      () => frame.close(),
    )
  }

  const decode = (frame: RTCEncodedVideoFrame) => {
    const md = frame.getMetadata() as RTCEncodedVideoFrameMetadata & {
      rtpTimestamp?: number
      mimeType?: string
    }
    const key = frame.type === 'key'
    if (armed > 0 && md.rtpTimestamp !== undefined) post({ type: 'sent', ts: md.rtpTimestamp })
    if (needKey && !key) return
    if (key && (!decoder || decoder.state === 'closed')) {
      const mime = (md.mimeType ?? '').toLowerCase()
      const codec = mime.endsWith('vp8') ? 'vp8' : mime.endsWith('h264') ? 'avc1.42e01f' : undefined
      if (!codec) {
        post({ type: 'status', decoding: false, error: `cannot decode ${md.mimeType ?? 'unknown codec'}` })
        return
      }
      decoder = new VideoDecoder({ output, error: (e) => reset(String(e)) })
      decoder.configure({ codec, optimizeForLatency: true })
      post({ type: 'status', decoding: true })
    }
    if (!decoder) return
    needKey = false
    // The chunk copies the bytes, so the frame can be handed on untouched.
    const chunk = new EncodedVideoChunk({
      type: key ? 'key' : 'delta',
      timestamp: md.rtpTimestamp ?? 0,
      data: frame.data,
    })
    try {
      decoder.decode(chunk)
    } catch (err) {
      reset(String(err))
    }
  }

  void readable
    .pipeThrough(
      new TransformStream<RTCEncodedVideoFrame, RTCEncodedVideoFrame>({
        transform(frame, controller) {
          try {
            decode(frame)
          } catch (err) {
            reset(String(err))
          }
          controller.enqueue(frame)
        },
      }),
    )
    .pipeTo(writable)
    .catch(() => undefined)
}
