/**
 * ffmpeg argument builders: RTP input SDP, the raw-frame decoder, H.264/VP8 encoder settings and
 * the ladder encoder (HLS renditions plus an RTP return output).
 */
import type { H264Encoder } from './selectEncoder.ts'

/** Raw pixel formats exchanged with ffmpeg over pipes. */
export type RawFormat = 'yuv420p' | 'rgb24'

/** Bytes of one raw frame. */
export function frameBytes(format: RawFormat, width: number, height: number): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * ((width >> 1) * (height >> 1))
}

/**
 * SDP that makes ffmpeg listen for RTP (payload type 96) on `port` of 127.0.0.1, and, when
 * `opusPort` is given, for Opus audio (stereo at 48 kHz, as WebRTC sends it; payload type 96 too,
 * on its own port) on `opusPort`.
 */
export function rtpInputSdp(codec: 'H264' | 'VP8', port: number, opusPort?: number): string {
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=prism',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=video ${port} RTP/AVP 96`,
    `a=rtpmap:96 ${codec}/90000`,
    ...(codec === 'H264' ? ['a=fmtp:96 packetization-mode=1'] : []),
    ...(opusPort === undefined ? [] : [`m=audio ${opusPort} RTP/AVP 96`, 'a=rtpmap:96 opus/48000/2']),
    '',
  ].join('\n')
}

/** Input arguments for reading RTP described by an SDP file, tuned for low delay. */
export function rtpInputArgs(sdpPath: string): string[] {
  return [
    '-protocol_whitelist',
    'file,udp,rtp',
    '-fflags',
    '+nobuffer+genpts',
    '-flags',
    'low_delay',
    '-probesize',
    '200000',
    '-analyzeduration',
    '500000',
    '-reorder_queue_size',
    '64',
    '-i',
    sdpPath,
  ]
}

/**
 * Decoder output: scaled raw frames of a fixed size on stdout, one per decoded frame.
 * @param preFilter a filter run on each decoded frame before scaling (e.g. the pts log of
 * `framePtsFilter`); the output then keeps the input's time base, so no frame is dropped for
 * sharing a tick.
 */
export function rawOutputArgs(
  width: number,
  height: number,
  format: RawFormat,
  preFilter?: string,
): string[] {
  return [
    '-an',
    '-vf',
    `${preFilter ? `${preFilter},` : ''}scale=${width}:${height}:flags=bilinear,format=${format}`,
    '-fps_mode',
    'passthrough',
    ...(preFilter ? ['-enc_time_base:v', '-1'] : []),
    '-f',
    'rawvideo',
    '-pix_fmt',
    format,
    'pipe:1',
  ]
}

/** Raw frames on stdin. `wallclock` stamps frames on arrival (live); else `fps` spacing. */
export function rawInputArgs(
  width: number,
  height: number,
  format: RawFormat,
  fps: number,
  wallclock: boolean,
): string[] {
  return [
    ...(wallclock ? ['-use_wallclock_as_timestamps', '1'] : []),
    '-f',
    'rawvideo',
    '-pix_fmt',
    format,
    '-s',
    `${width}x${height}`,
    '-framerate',
    String(fps),
    '-i',
    'pipe:0',
  ]
}

/**
 * Arguments that give a raw-frame encoder (`rawInputArgs` on stdin) a reader thread of its own,
 * put right after that input; the encoder must pick its streams with `-map` or `[0:v]`.
 *
 * ffmpeg 5.1 (Debian 12's) reads its inputs on the main thread when it has one input, the same
 * thread that filters, encodes and muxes: while it encodes a frame nobody drains the pipe, and the
 * next frame (345 KB at 640x360 in I420, several pipe buffers) then crosses in 64 KB steps, each a
 * wake-up of Node and of ffmpeg. With two inputs each gets a reader thread with a packet queue, so
 * the next frame is read while this one is encoded. The second input is one 16x16 picture that
 * nothing maps (its thread reads it and ends). The raw input's queue holds 2 frames
 * (`-thread_queue_size`, before `-i`), so a stalled encoder still pushes back on the pipeline's
 * frame queue (which drops frames, oldest first) within two frames. Measured with bench:transcode
 * on the 2-core development machine: node/raw 1.29-1.43 without, 1.03-1.10 with. ffmpeg 6.1 and
 * later read every input on its own thread; there the extra input costs nothing.
 *
 * @example ['-thread_queue_size', '2', ...rawInputArgs(w, h, 'yuv420p', 30, false), ...inputReaderThreadArgs(), '-map', '0:v', ...]
 */
export function inputReaderThreadArgs(): string[] {
  return ['-f', 'lavfi', '-t', '0.04', '-i', 'color=size=16x16:rate=25']
}

/** Frames the raw input's reader thread may hold ahead of the encoder (see `inputReaderThreadArgs`). */
export const RAW_INPUT_QUEUE_FRAMES = 2

/**
 * A filter that stamps each frame with the wall clock at 90 kHz as it passes (time base 1/90000),
 * for live raw input: unlike `-use_wallclock_as_timestamps` with a 1/fps time base, two frames
 * never share a timestamp.
 */
export function wallclockPtsFilter(): string {
  return 'settb=1/90000,setpts=(RTCTIME-RTCSTART)/(TB*1000000)'
}

/**
 * Thread arguments of a live pipeline's decoder, put before its input (`rtpInputArgs`): one thread.
 * With `-flags low_delay` the decoder has no frame threads, only slice threads, whose pool cost
 * about 10% more CPU per 640x360 decode on the 2-core development machine (0.82 against 0.73 CPU
 * seconds for 20 s decoded and scaled to 256x256 rgb24); a node decodes many streams at once, one
 * frame at a time. One thread decodes 1080p30 in real time with room to spare. The gateway's ingest
 * (one stream, any size) keeps ffmpeg's default.
 * @example ['-v', 'error', ...liveDecoderThreadArgs(), ...rtpInputArgs(sdpPath), ...]
 */
export function liveDecoderThreadArgs(): string[] {
  return ['-threads', '1']
}

/**
 * Thread arguments of a live H.264 encoder (a stream's HLS renditions, its WebRTC return, a
 * viewer's rendition): one thread for libx264, nothing for other encoders. Many streams share a
 * node's cores, and x264's sliced threads (its default under `-tune zerolatency`, 1.5 per core)
 * cost about 15% more CPU per stream; on one thread a 640x360 frame takes about 2 ms on the
 * 2-core development machine (docs/orchestrator.md, bench:streams).
 * @example [...h264EncodeArgs('libx264', 1000, 30), ...liveEncoderThreadArgs('libx264')]
 */
export function liveEncoderThreadArgs(encoder: H264Encoder): string[] {
  return encoder === 'libx264' ? ['-threads', '1'] : []
}

/** H.264 encoding settings: low latency, no B-frames, keyframe every `gop` frames. */
export function h264EncodeArgs(encoder: H264Encoder, kbps: number, gop: number, baseline = false): string[] {
  const common = [
    '-b:v',
    `${kbps}k`,
    '-maxrate',
    `${kbps}k`,
    '-bufsize',
    `${kbps}k`,
    '-g',
    String(gop),
    // Also a keyframe every second of media time: when frames are dropped under load, a GOP
    // counted in frames can span many seconds, and a receiver that joins late waits that long.
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    '-bf',
    '0',
  ]
  if (encoder === 'h264_nvenc')
    return ['-c:v', 'h264_nvenc', '-preset', 'p1', '-tune', 'll', '-zerolatency', '1', ...common]
  return [
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    ...(baseline ? ['-profile:v', 'baseline'] : []),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-pix_fmt',
    'yuv420p',
    ...common,
  ]
}

/** VP8 realtime settings (libvpx). */
export function vp8EncodeArgs(kbps: number, gop: number): string[] {
  return [
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-lag-in-frames',
    '0',
    '-error-resilient',
    '1',
    '-auto-alt-ref',
    '0',
    '-b:v',
    `${kbps}k`,
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
  ]
}

/** RTP output to 127.0.0.1:`port` with packets small enough for SRTP on any MTU. */
export function rtpOutputArgs(port: number): string[] {
  return ['-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${port}?pkt_size=1200`]
}

/** One HLS rendition output (1 s segments, live window). */
export function hlsOutputArgs(playlistPath: string, segmentPattern: string, segmentSeconds = 1): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(segmentSeconds),
    '-hls_list_size',
    '10',
    '-hls_flags',
    'delete_segments+independent_segments+omit_endlist',
    '-hls_segment_filename',
    segmentPattern,
    playlistPath,
  ]
}
