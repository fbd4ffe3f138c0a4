/** Decides whether a redemption failure is final or worth retrying (docs/protocol.md §2.5). */

/** Classification of a redemption failure. */
export type RedemptionErrorClass =
  /** The ticket was already used on chain: it counts as redeemed, never retry. */
  | 'used'
  /** Retrying cannot succeed (failed tx, expired, no block hash, bad ticket): settle as failed. */
  | 'final'
  /** RPC down, nonce clash, paused system, uninitialised round…: keep queued, try next block. */
  | 'retryable'

const FINAL = [
  'transaction failed',
  'ticket creationround does not have a block hash',
  'ticket is expired',
  'ticket did not win',
  'recipientrand does not match recipientrandhash',
  'invalid signature over ticket hash',
  'invalid_signature_length',
  'ecdsa: invalid signature',
  'ticket creationroundblockhash invalid for creationround',
  'invalid length for ticket auxdata',
  'ticket recipient is null address',
  'ticket sender is null address',
]

/**
 * Classifies an error thrown while redeeming one ticket.
 *
 * @example
 * classifyRedemptionError(new Error('execution reverted: ticket is used')) // 'used'
 * classifyRedemptionError(new Error('fetch failed')) // 'retryable'
 */
export function classifyRedemptionError(err: unknown): RedemptionErrorClass {
  const text = collectMessages(err).toLowerCase()
  if (text.includes('ticket is used') || text.includes('ticket already used')) return 'used'
  if (FINAL.some((f) => text.includes(f))) return 'final'
  return 'retryable'
}

function collectMessages(err: unknown): string {
  const parts: string[] = []
  let cur: unknown = err
  for (let i = 0; cur && i < 8; i++) {
    if (cur instanceof Error) {
      parts.push(cur.message)
      const short = (cur as { shortMessage?: unknown }).shortMessage
      if (typeof short === 'string') parts.push(short)
      const reason = (cur as { reason?: unknown }).reason
      if (typeof reason === 'string') parts.push(reason)
      cur = cur.cause
    } else {
      parts.push(String(cur))
      break
    }
  }
  return parts.join(' | ')
}
