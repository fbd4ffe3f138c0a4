/**
 * Stateless derivation of recipientRand (docs/protocol.md §1.5, [POLICY]). Like go-livepeer the node
 * stores nothing per ticket-params set: the secret is an HMAC-SHA256 over the params, recomputed
 * when tickets arrive. Unlike go-livepeer every integer is encoded as a fixed 32-byte word, so no
 * two different parameter sets share an HMAC input (minimal encodings can be shifted into each other).
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { PriceInfo, TicketParams } from '@prism/protocol'
import type { Address } from 'viem'
import { hexToBytes } from 'viem'

/** What recipientRand is bound to: the quoted params (bar the hash itself), the sender and the price. */
export type RecipientRandInput = Pick<
  TicketParams,
  'seed' | 'faceValue' | 'winProb' | 'expirationBlock' | 'expirationParams'
> & {
  sender: Address
  price: PriceInfo
}

function word(x: bigint): Buffer {
  if (x < 0n) throw new RangeError('negative value in recipientRand input')
  return Buffer.from(x.toString(16).padStart(64, '0').slice(-64), 'hex')
}

/**
 * Derives recipientRand = uint256(HMAC-SHA256(secret, fields)) for one params set.
 *
 * @param secret - 32 random bytes held by the node (see {@link newRandSecret}).
 * @example
 * const rand = deriveRecipientRand(secret, { ...params, sender, price })
 */
export function deriveRecipientRand(secret: Uint8Array, p: RecipientRandInput): bigint {
  const h = createHmac('sha256', secret)
  h.update(Buffer.from(hexToBytes(p.sender)))
  for (const x of [
    p.seed === '0x' ? 0n : BigInt(p.seed),
    p.faceValue,
    p.winProb,
    p.expirationBlock,
    p.price.pricePerUnit,
    p.price.pixelsPerUnit,
    p.expirationParams.creationRound,
  ])
    h.update(word(x))
  h.update(Buffer.from(hexToBytes(p.expirationParams.creationRoundBlockHash)))
  return BigInt(`0x${h.digest('hex')}`)
}

/** 32 fresh random bytes: a per-process recipientRand secret (or a seed). */
export function newRandSecret(): Uint8Array {
  return new Uint8Array(randomBytes(32))
}
