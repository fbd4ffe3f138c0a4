/** ffprobe's view of a stream's tracks, for tests that check which codecs an output carries. */
import { spawn } from 'node:child_process'

/**
 * The codec names of every stream ffprobe finds at `url` (e.g. `['h264', 'aac']`); empty when
 * ffprobe fails.
 *
 * @example
 * expect(await probeCodecs(`${base}/live/cam/hls/source/index.m3u8`)).toContain('aac')
 */
export function probeCodecs(url: string): Promise<string[]> {
  const child = spawn('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', url])
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  return new Promise((resolve) =>
    child.on('close', () =>
      resolve(
        out
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ),
  )
}
