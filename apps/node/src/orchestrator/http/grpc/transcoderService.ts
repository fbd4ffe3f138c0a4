/**
 * gRPC `net.Transcoder/RegisterTranscoder` (server stream), go-livepeer's way for a standalone
 * transcoder to attach: the request carries the shared secret, the capacity (sessions) and the
 * capabilities; a refusal is gRPC status Unknown with go-livepeer's text (`invalid secret`,
 * `zero capacity`); an accepted transcoder gets `NotifySegment` work items on the stream until it
 * disconnects (its capacity is then removed and its segments in flight move elsewhere).
 * Registered only on an orchestrator with `-orchSecret` (see `segmentService.ts`).
 */
import { Code, ConnectError, type ConnectRouter, createContextKey } from '@connectrpc/connect'
import { capabilityBitstring, isBaseError, net } from '@prism/protocol'
import type { TranscoderRegistry } from '../../compute/TranscoderRegistry.ts'

/**
 * Context value the server may fill with the client's remote address (connect-node's
 * `contextValues`), shown per transcoder in the registry. Default: ''.
 */
export const REMOTE_ADDRESS_KEY = createContextKey<string>('', { description: 'remote address' })

/** Options of {@link registerTranscoderService}. */
export type TranscoderServiceOptions = {
  /**
   * Origin transcoders download inputs from (e.g. the service URI). Default: the origin the
   * transcoder's own gRPC request reached (scheme from the connection, host from `:authority`).
   */
  baseUrl?: () => string | undefined
}

/**
 * Registers `net.Transcoder` on a Connect router.
 *
 * @example
 * connectNodeAdapter({ routes: (router) => registerTranscoderService(router, registry) })
 */
export function registerTranscoderService(
  router: ConnectRouter,
  registry: TranscoderRegistry,
  opts: TranscoderServiceOptions = {},
): void {
  router.service(net.Transcoder, {
    async *registerTranscoder(req, ctx) {
      let capabilities: net.Capabilities
      try {
        capabilities = registry.accept(req)
      } catch (err) {
        // go-livepeer sends its errors as status Unknown; transcoders match on the text.
        throw new ConnectError(isBaseError(err) ? err.shortMessage : String(err), Code.Unknown)
      }
      const queue = new NotifyQueue()
      const id = registry.handleAttach({
        address: ctx.values.get(REMOTE_ADDRESS_KEY),
        capacity: Number(req.capacity),
        capabilities,
        baseUrl: opts.baseUrl?.() || new URL(ctx.url).origin,
        send: (n) => queue.push(n),
        close: () => queue.end(),
      })
      const onAbort = () => queue.end()
      ctx.signal.addEventListener('abort', onAbort)
      try {
        for (;;) {
          const next = await queue.next()
          if (!next) return
          yield next
        }
      } finally {
        ctx.signal.removeEventListener('abort', onAbort)
        queue.end()
        registry.handleDetach(id)
      }
    },
  })
}

/**
 * The node's advertised capabilities with the attached transcoders' added, as go-livepeer's
 * orchestrator does while they are connected: each capacity summed per capability, its bit set.
 *
 * @example
 * withTranscoderCapacities(orchestratorCapabilities(snapshot), registry.capacities())
 */
export function withTranscoderCapacities(
  caps: net.Capabilities,
  extra: Readonly<Record<number, number>>,
): net.Capabilities {
  const ids = Object.keys(extra).map(Number)
  if (ids.length === 0) return caps
  const bits = capabilityBitstring(ids)
  const bitstring = [...caps.bitstring]
  bits.forEach((word, i) => {
    bitstring[i] = (bitstring[i] ?? 0n) | word
  })
  const capacities = { ...caps.capacities }
  for (const id of ids) capacities[id] = (capacities[id] ?? 0) + (extra[id] ?? 0)
  return { ...caps, bitstring, capacities }
}

/** The work items waiting to be written on one transcoder's stream. */
class NotifyQueue {
  private readonly items: net.NotifySegment[] = []
  private waiter: ((n: net.NotifySegment | undefined) => void) | undefined
  private ended = false

  /** Queues an item; false once the stream ended. */
  push(n: net.NotifySegment): boolean {
    if (this.ended) return false
    const w = this.waiter
    this.waiter = undefined
    if (w) w(n)
    else this.items.push(n)
    return true
  }

  /** The next item, or undefined once ended. */
  next(): Promise<net.NotifySegment | undefined> {
    const n = this.items.shift()
    if (n || this.ended) return Promise.resolve(n)
    return new Promise((resolve) => {
      this.waiter = resolve
    })
  }

  /** Ends the stream: the pending `next` resolves undefined. */
  end(): void {
    this.ended = true
    this.items.length = 0
    const w = this.waiter
    this.waiter = undefined
    w?.(undefined)
  }
}
