/**
 * A TCP gate in front of anvil on 127.0.0.1: `down()` closes the listener and cuts every open
 * connection (the node sees ECONNREFUSED, as with a dead RPC), `up()` listens again on the same port.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

/** A switchable TCP proxy. */
export type RpcGate = {
  url: string
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

/** Opens a gate forwarding to `targetUrl` (http://127.0.0.1:PORT). */
export async function openRpcGate(targetUrl: string): Promise<RpcGate> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname)
        sockets.add(client)
        sockets.add(upstream)
        const drop = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        client.on('error', drop).on('close', drop)
        upstream.on('error', drop).on('close', drop)
        client.pipe(upstream).pipe(client)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port
        server = s
        resolve()
      })
    })
  const down = async () => {
    const s = server
    server = null
    for (const sock of sockets) sock.destroy()
    sockets.clear()
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }
  await listen()
  return {
    url: `http://127.0.0.1:${port}`,
    down,
    up: () => (server ? Promise.resolve() : listen()),
    close: down,
  }
}
