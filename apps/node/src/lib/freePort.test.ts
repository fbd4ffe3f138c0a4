import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { FREE_PORT_MAX, FREE_PORT_MIN, freePort } from './freePort.ts'

describe('freePort', () => {
  it('returns a port below the ephemeral range that can be bound', async () => {
    const port = await freePort()
    expect(port).toBeGreaterThanOrEqual(FREE_PORT_MIN)
    expect(port).toBeLessThanOrEqual(FREE_PORT_MAX)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((r) => server.close(r))
  })

  it('does not return a port that is being listened on', async () => {
    const held = createServer()
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r))
    const taken = (held.address() as { port: number }).port
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()))
    expect(ports).not.toContain(taken)
    await new Promise((r) => held.close(r))
  })
})
