/**
 * Arrange helper of the remote-transcoder tests: an orchestrator port as `prism orchestrator`
 * serves it (one TLS or plaintext port: gRPC `net.Transcoder` beside the fastify routes, through
 * the orchestrator's own transport), with the segment service's registry, routes and gRPC
 * service, listening on 127.0.0.1 at a free port. The TLS certificate is a fresh self-signed
 * P-256 one (openssl), as an orchestrator makes at start.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { Server as HttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { createSegmentService } from '../../../apps/node/src/orchestrator/compute/segmentService.ts'
import type { TranscoderRegistry } from '../../../apps/node/src/orchestrator/compute/TranscoderRegistry.ts'
import { grpcOrHttp } from '../../../apps/node/src/orchestrator/http/grpcServices.ts'
import { createTransport, type RequestHandler } from '../../../apps/node/src/orchestrator/http/transport.ts'

/** A running orchestrator port with remote transcoders. */
export type TranscoderNode = {
  app: FastifyInstance
  /** `host:port`, what `-orchAddr` takes. */
  addr: string
  /** `https://…` or `http://…`. */
  uri: string
  registry: TranscoderRegistry
  close(): Promise<void>
}

/** Options of {@link startTranscoderNode}. */
export type TranscoderNodeOptions = {
  /** `-orchSecret`. Default: 's3cret'. */
  secret?: string
  /** Local ffmpeg when no transcoder can take a segment. Default: false. */
  local?: boolean
  /** TLS (default) or plaintext (HTTP/2 prior knowledge and HTTP/1.1 on one port). */
  tls?: boolean
}

/** A fresh self-signed P-256 certificate for 127.0.0.1. */
export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'prism-cert-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    )
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Starts the port. */
export async function startTranscoderNode(opts: TranscoderNodeOptions = {}): Promise<TranscoderNode> {
  const segments = createSegmentService({ secret: opts.secret ?? 's3cret', local: opts.local ?? false })
  const tls = opts.tls === false ? undefined : selfSignedCert()
  const shutdown = new AbortController()
  const app = Fastify({
    logger: false,
    serverFactory: (handler) =>
      createTransport({
        ...(tls ? { tls } : {}),
        handler: grpcOrHttp([segments.registerGrpc], handler as RequestHandler, shutdown.signal),
      }) as unknown as HttpServer,
  }) as unknown as FastifyInstance
  app.addHook('preClose', (done) => {
    shutdown.abort()
    done()
  })
  for (const plugin of segments.plugins) plugin(app)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const a = app.server.address()
  const addr = `127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
  return {
    app,
    addr,
    uri: `${tls ? 'https' : 'http'}://${addr}`,
    registry: segments.registry,
    close: async () => {
      segments.close()
      await app.close()
    },
  }
}

/** Resolves once `ok()` holds (polled every 20 ms), or throws after `ms`. */
export async function until(ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A `prism transcoder` child process. */
export type TranscoderProcess = {
  child: ChildProcess
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** stdout and stderr so far. */
  output(): string
  /** SIGKILL (if still running) and wait for the exit. */
  kill(): Promise<void>
}

const PRISM = join(import.meta.dirname, '..', '..', '..', 'apps', 'node', 'bin', 'prism.js')

/** Starts `prism transcoder` with these flags. */
export function spawnTranscoder(args: string[]): TranscoderProcess {
  const child = spawn(process.execPath, [PRISM, 'transcoder', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)))
  return {
    child,
    exited,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
