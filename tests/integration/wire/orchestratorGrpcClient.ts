/**
 * Arrange helper of the gRPC tests: a `net.Orchestrator` client built only from
 * `packages/protocol/proto/net.proto` with @grpc/grpc-js and @grpc/proto-loader (an independent
 * implementation, none of Prism's code), dialling as go-livepeer gateways do: TLS without
 * certificate checks for `https://` service URIs, plaintext HTTP/2 for `http://` ones.
 */
import { join } from 'node:path'
import * as grpc from '@grpc/grpc-js'
import * as loader from '@grpc/proto-loader'

const PROTO = join(import.meta.dirname, '..', '..', '..', 'packages', 'protocol', 'proto', 'net.proto')

/** Messages as proto-loader decodes them (snake_case fields, int64 as strings, bytes as Buffers). */
export type Msg = Record<string, unknown>

/** A refused call: gRPC status code and message. */
export type GrpcFailure = { code: number; details: string }

/** A unary-call client of `net.Orchestrator`. */
export type OrchestratorClient = {
  call(method: 'GetOrchestrator' | 'EndTranscodingSession' | 'Ping', req: Msg): Promise<Msg>
  /** Resolves the refusal of a call that must fail (rejects if it succeeds). */
  refusal(method: 'GetOrchestrator' | 'EndTranscodingSession' | 'Ping', req: Msg): Promise<GrpcFailure>
  close(): void
}

const definition = loader.loadSync(PROTO, { keepCase: true, longs: String, enums: Number, defaults: false })
const pkg = grpc.loadPackageDefinition(definition) as unknown as {
  net: { Orchestrator: new (target: string, creds: grpc.ChannelCredentials) => grpc.Client }
}

/**
 * Dials the orchestrator of `serviceURI` (`https://host:port` or `http://host:port`).
 *
 * @example
 * const c = orchestratorClient(node.serviceURI)
 * const info = await c.call('GetOrchestrator', { address: Buffer.alloc(20), sig: Buffer.alloc(0) })
 */
export function orchestratorClient(serviceURI: string): OrchestratorClient {
  const u = new URL(serviceURI)
  const creds =
    u.protocol === 'https:'
      ? grpc.credentials.createSsl(null, null, null, {
          checkServerIdentity: () => undefined,
          rejectUnauthorized: false,
        } as grpc.VerifyOptions)
      : grpc.credentials.createInsecure()
  const client = new pkg.net.Orchestrator(u.host, creds) as unknown as Record<
    string,
    (req: Msg, cb: (err: grpc.ServiceError | null, res: Msg) => void) => void
  > &
    grpc.Client
  const call: OrchestratorClient['call'] = (method, req) =>
    new Promise((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res))))
  return {
    call,
    refusal: async (method, req) => {
      try {
        await call(method, req)
      } catch (err) {
        const e = err as grpc.ServiceError
        return { code: e.code, details: e.details }
      }
      throw new Error(`${method} succeeded; a refusal was expected`)
    },
    close: () => client.close(),
  }
}

/** The uint64 words of a decoded bitstring as bigints. */
export function words(caps: Msg | undefined): bigint[] {
  return ((caps?.bitstring as string[] | undefined) ?? []).map((w) => BigInt(w))
}

/** True when capability `id` is set in a decoded Capabilities message. */
export function hasBit(caps: Msg | undefined, id: number): boolean {
  const w = words(caps)[Math.floor(id / 64)] ?? 0n
  return ((w >> BigInt(id % 64)) & 1n) === 1n
}
