/**
 * The default of `-maxSessions`: what the machine holds in real time, a per-core figure times the
 * cores this process may use. The figure comes from `npm run bench:streams` (640x360 30 fps in,
 * libx264 and onnxruntime on the CPU): a stream of the default transcode ladder or of a two-model
 * ai chain at 256x256 costs the node 0.34 to 0.48 of a core (its ffmpeg, its event loop, its
 * onnxruntime threads), so one core holds 2 with some room for the event loop's peaks, HTTP and
 * the media plane (docs/orchestrator.md, Capacity). An explicit `-maxSessions` (or
 * PRISM_MAX_SESSIONS) wins; a GPU node (NVENC, CUDA) holds more and should say so with the flag.
 */
import { availableParallelism } from 'node:os'

/** Real-time 640x360 30 fps transcode or ai streams one core holds (bench:streams, CPU only). */
export const SESSIONS_PER_CORE = 2

/**
 * `-maxSessions` when none is given: `SESSIONS_PER_CORE` x `cores`, rounded down, at least 1.
 *
 * @example
 * defaultMaxSessions(2) // 4
 * defaultMaxSessions() // for this machine (os.availableParallelism())
 */
export function defaultMaxSessions(cores: number = availableParallelism()): number {
  if (!Number.isFinite(cores) || cores < 1) return SESSIONS_PER_CORE
  return Math.max(1, Math.floor(SESSIONS_PER_CORE * cores))
}
