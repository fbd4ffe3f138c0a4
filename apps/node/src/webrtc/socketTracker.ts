/**
 * Works around a werift 0.25.2 leak: after a negotiation, each peer connection leaves one UDP
 * socket of an orphaned ICE transport open when it closes. Every UDP socket werift creates while
 * running on behalf of a MediaPeer is recorded (AsyncLocalStorage follows werift's async chains),
 * and the peer closes whatever is still open after `RTCPeerConnection.close()`.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import dgram, { type Socket } from 'node:dgram'
import { syncBuiltinESMExports } from 'node:module'

const store = new AsyncLocalStorage<Set<Socket>>()
let installed = false

function install(): void {
  if (installed) return
  installed = true
  const original = dgram.createSocket
  const patched = ((...args: Parameters<typeof original>) => {
    const socket = original(...args)
    const owner = store.getStore()
    if (owner) {
      owner.add(socket)
      socket.once('close', () => owner.delete(socket))
    }
    return socket
  }) as typeof original
  dgram.createSocket = patched
  // werift's ESM build imports `createSocket` by name: refresh the builtin's named exports
  syncBuiltinESMExports()
}

/**
 * Runs `fn` so that UDP sockets created inside it (and in async work it starts) land in `owned`.
 *
 * @example
 * const owned = new Set<Socket>()
 * const pc = trackSockets(owned, () => new RTCPeerConnection(config))
 */
export function trackSockets<T>(owned: Set<Socket>, fn: () => T): T {
  install()
  return store.run(owned, fn)
}

/** Closes every socket of `owned` that is still open. */
export function closeTrackedSockets(owned: Set<Socket>): void {
  for (const s of owned) {
    try {
      s.close()
    } catch {
      // already closed
    }
  }
  owned.clear()
}
