/**
 * One work item on a transcoder, in go-livepeer's order: read the SegData, check that its
 * capabilities are a subset of this transcoder's (`incompatible segment capabilities`), download
 * the input, transcode it into the SegData's profiles (fields 35, 34, 33) with ffmpeg, check one
 * rendition per profile (`segment / profile mismatch`). Every failure becomes an error result
 * carrying its text; nothing throws.
 */
import {
  capabilitiesCompatibleWith,
  fromNetVideoProfile,
  incompatibility,
  isBaseError,
  net,
  segDataProfiles,
} from '@prism/protocol'
import { probeVideo } from '../media/ffmpeg/probeVideo.ts'
import { type SegmentRenditionSpec, transcodeSegment } from '../media/ffmpeg/transcodeSegment.ts'
import { mpegtsVideoInfo } from '../media/mpegtsVideoInfo.ts'
import { downloadInput } from './downloadInput.ts'
import {
  TranscoderProfileMismatchError,
  TranscoderSegmentIncompatibleError,
  TranscoderTaskInvalidError,
} from './errors.ts'
import type { TaskResult } from './resultBody.ts'

/** What {@link runTask} uses; tests replace the pieces that touch the network or ffmpeg. */
export type TaskDeps = {
  /** This transcoder's capabilities. */
  capabilities: net.Capabilities
  /** Fetches the input. Default: {@link downloadInput}. */
  download?: (url: string) => Promise<Uint8Array>
  /** Transcodes. Default: `transcodeSegment`. */
  transcode?: (
    input: Uint8Array,
    specs: SegmentRenditionSpec[],
  ) => Promise<{ data: Uint8Array; pixels: number }[]>
  /** Decoded pixels of the input. Default: width × height × frames read from the MPEG-TS (ffprobe for other inputs). */
  decodedPixels?: (input: Uint8Array) => Promise<number>
}

/**
 * Runs one work item and returns its result (renditions, or an error text).
 * @example const result = await runTask(notify, { capabilities })
 */
export async function runTask(notify: net.NotifySegment, deps: TaskDeps): Promise<TaskResult> {
  const taskId = notify.taskId
  try {
    const seg = notify.segData
    if (!seg) throw new TranscoderTaskInvalidError('work item without segData')
    if (!capabilitiesCompatibleWith(seg.capabilities, deps.capabilities))
      throw new TranscoderSegmentIncompatibleError(incompatibility(seg.capabilities, deps.capabilities) ?? '')
    const profiles = segDataProfiles(seg).map((p) => fromNetVideoProfile(p))
    const input = await (deps.download ?? downloadInput)(notify.url)
    const specs = profiles.map((p) => ({
      name: p.name,
      width: p.width,
      height: p.height,
      // fps 0 = keep the source rate; the encoder needs a number: 30.
      fps: p.fpsDen > 0 ? p.fps / p.fpsDen : p.fps || 30,
      bitrateKbps: p.bitrateKbps,
    }))
    const [renditions, decodedPixels] = await Promise.all([
      (deps.transcode ?? transcodeSegment)(input, specs),
      (deps.decodedPixels ?? probePixels)(input),
    ])
    if (renditions.length !== profiles.length)
      throw new TranscoderProfileMismatchError(renditions.length, profiles.length)
    return {
      taskId,
      decodedPixels,
      renditions: renditions.map((r, i) => ({
        data: r.data,
        pixels: r.pixels,
        contentType: profiles[i]!.format === net.VideoProfile_Format.MP4 ? 'video/mp4' : 'video/mp2t',
      })),
    }
  } catch (err) {
    return { taskId, error: isBaseError(err) ? err.shortMessage : (err as Error).message || String(err) }
  }
}

/** width × height × frames of the input: read from its MPEG-TS (H.264), else by ffprobe. */
async function probePixels(input: Uint8Array): Promise<number> {
  const info = mpegtsVideoInfo(input)
  if (info?.width && info.height) return info.width * info.height * info.frames
  const p = await probeVideo(input)
  return p.width * p.height * p.frames
}
