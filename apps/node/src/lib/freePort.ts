/**
 * Picks a TCP port that is free right now, for a server that will bind it a moment later.
 *
 * Port 0 hands out ports from the kernel's ephemeral range (32768-60999 on Linux), the same range
 * every outgoing connection draws its local port from; a port probed there can be taken by some
 * unrelated client connection before the server binds it. So this draws at random from
 * 20000-32767, below that range, and confirms with a bind; it falls back to port 0 only when no
 * port there is free.
 */
import { createServer } from 'node:net'

/** Lowest port drawn from. */
export const FREE_PORT_MIN = 20_000
/** Highest port drawn from (one below Linux's default ephemeral range). */
export const FREE_PORT_MAX = 32_767

/**
 * A TCP port on `host` that nothing listens on right now (bound once, then released).
 *
 * @example
 * const anvil = await startAnvil({ port: await freePort() })
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 64; attempt++) {
    const port = FREE_PORT_MIN + Math.floor(Math.random() * (FREE_PORT_MAX - FREE_PORT_MIN + 1))
    if ((await tryBind(host, port)) !== undefined) return port
  }
  const port = await tryBind(host, 0)
  if (port === undefined) throw new Error(`no free TCP port on ${host}`)
  return port
}

/** Binds `port` on `host` exclusively and releases it: the bound port, or undefined if taken. */
function tryBind(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(undefined)
      else reject(err)
    })
    server.listen({ host, port, exclusive: true }, () => {
      const addr = server.address()
      const bound = typeof addr === 'object' && addr ? addr.port : undefined
      server.close(() => resolve(bound))
    })
  })
}
