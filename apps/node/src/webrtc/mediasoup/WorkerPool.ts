/**
 * The mediasoup worker pool: one worker per core, each with one WebRtcServer (one UDP and one TCP
 * port). A worker that dies is replaced at the same index (same ports); its routers died with it
 * and their owners hear `workerdied`. Closing the pool closes every worker (mediasoup closes their
 * routers, transports, producers and consumers).
 */
import { availableParallelism, networkInterfaces } from 'node:os'
import { createWorker, type types } from 'mediasoup'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import { MediaPlaneClosedError, MediasoupWorkerUnavailableError } from './errors.ts'
import { resolveWorkerBin } from './workerBin.ts'

/** Options of {@link WorkerPool.create}. */
export type WorkerPoolOptions = {
  /** Number of workers. Default: one per core (`os.availableParallelism()`). */
  workers?: number
  /**
   * First WebRTC port: worker `i` listens on UDP and TCP port `webrtcPort + i`. Default 0: each
   * worker takes free ports (fine on loopback and for tests; set it behind a firewall).
   */
  webrtcPort?: number
  /** Address the WebRtcServers bind. Default: 127.0.0.1 with `loopbackOnly`, else 0.0.0.0. */
  listenIp?: string
  /** Address announced in ICE candidates (a public IP or host name behind NAT). Default: see docs. */
  announcedAddress?: string
  /** Bind 127.0.0.1 only (dev, tests). Default: true. */
  loopbackOnly?: boolean
  /** The worker binary. Default: {@link resolveWorkerBin}. */
  workerBin?: string
}

/** Live object counts of one worker (kept from mediasoup's observer events). */
export type WorkerCounts = {
  routers: number
  transports: number
  producers: number
  consumers: number
  /** WHEP viewers served by this worker. */
  viewers: number
}

/** One slot of the pool: its worker, its WebRtcServer and the counts. */
export type WorkerEntry = {
  readonly index: number
  readonly worker: types.Worker
  readonly webRtcServer: types.WebRtcServer
  readonly counts: WorkerCounts
  /** Its live routers by id. */
  readonly routers: Map<string, types.Router>
}

/** Events of the pool. */
export type WorkerPoolEvents = {
  /** A worker died (its routers are gone); a replacement is being started at the same index. */
  workerdied: [entry: WorkerEntry, error: Error]
  listenererror: [event: string, error: unknown]
}

/** The first non-internal IPv4 address, for candidates when binding 0.0.0.0 without an announced one. */
function firstPublicIpv4(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  return '127.0.0.1'
}

function track(counts: WorkerCounts, routers: Map<string, types.Router>, worker: types.Worker): void {
  worker.observer.on('newrouter', (router) => {
    counts.routers++
    routers.set(router.id, router)
    router.observer.once('close', () => {
      counts.routers--
      routers.delete(router.id)
    })
    router.observer.on('newtransport', (transport) => {
      counts.transports++
      transport.observer.once('close', () => counts.transports--)
      transport.observer.on('newproducer', (p) => {
        counts.producers++
        p.observer.once('close', () => counts.producers--)
      })
      transport.observer.on('newconsumer', (c) => {
        counts.consumers++
        c.observer.once('close', () => counts.consumers--)
      })
    })
  })
}

/**
 * The pool of mediasoup workers the orchestrator owns.
 *
 * @example
 * const pool = await WorkerPool.create({ workers: 2 })
 * const entry = pool.pick() // least loaded worker
 * await pool.close()
 */
export class WorkerPool extends EnhancedEventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions
  readonly #workerBin: string
  readonly #entries: (WorkerEntry | undefined)[]
  #closed = false

  private constructor(options: WorkerPoolOptions, workerBin: string, size: number) {
    super()
    this.#options = options
    this.#workerBin = workerBin
    this.#entries = new Array(size).fill(undefined)
  }

  /**
   * Starts every worker and its WebRtcServer.
   *
   * @throws MediasoupWorkerUnavailableError (`MEDIASOUP_WORKER_UNAVAILABLE`) when a worker cannot
   * start (missing binary, missing shared libraries).
   */
  static async create(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const bin = options.workerBin ?? resolveWorkerBin().path
    const pool = new WorkerPool(options, bin, Math.max(1, options.workers ?? availableParallelism()))
    try {
      for (let i = 0; i < pool.#entries.length; i++) pool.#entries[i] = await pool.#spawn(i)
    } catch (err) {
      await pool.close()
      throw err
    }
    logger.info(`mediasoup: ${pool.#entries.length} worker(s) from ${bin}`)
    return pool
  }

  async #spawn(index: number): Promise<WorkerEntry> {
    let worker: types.Worker
    try {
      worker = await createWorker({ workerBin: this.#workerBin, logLevel: 'warn' })
    } catch (err) {
      throw new MediasoupWorkerUnavailableError(this.#workerBin, err)
    }
    const counts: WorkerCounts = { routers: 0, transports: 0, producers: 0, consumers: 0, viewers: 0 }
    const routers = new Map<string, types.Router>()
    track(counts, routers, worker)
    const o = this.#options
    const loopback = o.loopbackOnly ?? true
    const ip = o.listenIp ?? (loopback ? '127.0.0.1' : '0.0.0.0')
    const announced = o.announcedAddress ?? (ip === '0.0.0.0' ? firstPublicIpv4() : undefined)
    const port = o.webrtcPort ? o.webrtcPort + index : undefined
    const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
      protocol,
      ip,
      ...(announced ? { announcedAddress: announced } : {}),
      ...(port ? { port } : {}),
    })
    let webRtcServer: types.WebRtcServer
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: [listen('udp'), listen('tcp')] })
    } catch (err) {
      worker.close()
      throw err
    }
    const entry: WorkerEntry = { index, worker, webRtcServer, counts, routers }
    worker.on('died', (error) => this.#died(entry, error))
    return entry
  }

  #died(entry: WorkerEntry, error: Error): void {
    if (this.#closed || this.#entries[entry.index] !== entry) return
    logger.warn(`mediasoup worker ${entry.worker.pid} died: ${error.message}; starting another`)
    this.#entries[entry.index] = undefined
    this.safeEmit('workerdied', entry, error)
    const respawn = (attempt: number): void => {
      this.#spawn(entry.index).then(
        (fresh) => {
          if (this.#closed) fresh.worker.close()
          else this.#entries[entry.index] = fresh
        },
        (err: unknown) => {
          logger.warn(`mediasoup worker ${entry.index} failed to restart`, err)
          if (!this.#closed) setTimeout(() => respawn(attempt + 1), Math.min(5000, 250 * 2 ** attempt))
        },
      )
    }
    respawn(0)
  }

  /** The live workers (a dead one is absent until its replacement runs). */
  get entries(): WorkerEntry[] {
    return this.#entries.filter((e): e is WorkerEntry => e !== undefined)
  }

  /** The live workers, least loaded first (fewest consumers, then routers). */
  byLoad(): WorkerEntry[] {
    return this.entries.sort(
      (a, b) => a.counts.consumers - b.counts.consumers || a.counts.routers - b.counts.routers,
    )
  }

  /**
   * The least loaded live worker (fewest consumers, then routers).
   *
   * @throws MediaPlaneClosedError (`MEDIA_PLANE_CLOSED`) when the pool is closed or no worker runs.
   */
  pick(): WorkerEntry {
    const [least] = this.byLoad()
    if (this.#closed || !least) throw new MediaPlaneClosedError()
    return least
  }

  /** The live routers, transports, producers and consumers of every worker (mediasoup's dumps). */
  async dump(): Promise<
    { pid: number; routers: { id: string; transports: number; producers: number; consumers: number }[] }[]
  > {
    return Promise.all(
      this.entries.map(async (e) => {
        const w = await e.worker.dump()
        const routers = []
        for (const id of w.routerIds) {
          const router = e.routers.get(id)
          const d = router ? await router.dump() : undefined
          routers.push({
            id,
            transports: d?.transportIds.length ?? 0,
            producers: d?.mapProducerIdConsumerIds.length ?? 0,
            consumers: d ? d.mapProducerIdConsumerIds.reduce((n, p) => n + p.values.length, 0) : 0,
          })
        }
        return { pid: e.worker.pid, routers }
      }),
    )
  }

  /** Closes every worker. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const e of this.entries) e.worker.close()
    this.#entries.fill(undefined)
  }
}
