/**
 * Starts an orchestrator node on a free 127.0.0.1 port for a test, and checks for leaked ffmpeg
 * processes. Reuse: `const node = await startTestOrchestrator(); … await node.close()`.
 */
import {
  type RunningOrchestrator,
  runningFfmpegPids,
  type StartOrchestratorOptions,
  startOrchestrator,
} from '@prism/node'

/**
 * Starts an orchestrator on 127.0.0.1 with an OS-chosen port (never a fixed one).
 *
 * @example
 * const node = await startTestOrchestrator({ orchestrator: { maxSessions: 2 } })
 * await fetch(`${node.url}/info`)
 */
export async function startTestOrchestrator(
  opts: StartOrchestratorOptions = {},
): Promise<RunningOrchestrator> {
  // plaintext unless the test brings a certificate (the node's own default is TLS); peers get as long
  // to connect as the test client waits (15 s): on a loaded 2-core machine ICE can take over 5 s
  return startOrchestrator({
    httpAddr: opts.server?.https ? '127.0.0.1:0' : 'http://127.0.0.1:0',
    ...opts,
    orchestrator: { connectTimeoutMs: 15_000, ...opts.orchestrator },
  })
}

/** Waits until no ffmpeg spawned by this process is running (or throws after `timeoutMs`). */
export async function expectNoFfmpegLeft(timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (runningFfmpegPids().length > 0) {
    if (Date.now() > until) throw new Error(`ffmpeg still running: ${runningFfmpegPids().join(', ')}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
