import type { Hex, LocalAccount } from 'viem'
import { TicketSigInvalidError } from '../errors/ticket.ts'
import { hexToBytesStrict, toHex } from '../utils/bytes.ts'
import { SECP256K1_HALF_N, SECP256K1_N } from './constants.ts'
import { hashTicket } from './hashTicket.ts'
import type { Ticket } from './Ticket.ts'

/**
 * What can sign tickets: a viem LocalAccount (`privateKeyToAccount`), or any object with the
 * same `signMessage` (e.g. a wrapper around a wallet client's `signMessage`).
 */
export type TicketSigner = Pick<LocalAccount, 'signMessage'>

/**
 * Signs a ticket: EIP-191 personal_sign over the 32-byte ticket hash, r ‖ s ‖ v with v 27/28
 * and low s (docs/protocol.md §1.2). Wallet signatures with v 0/1 are normalised to 27/28 and a high
 * s is flipped to low s.
 *
 * @param account - the sender's viem account.
 * @param ticket - the ticket (its `sender` should be the account's address).
 * @returns 65-byte signature as 0x-hex.
 * @throws TICKET_SIG_INVALID when the signer returns something that is not a 65-byte signature.
 * @example
 * const account = privateKeyToAccount(key)
 * const sig = await signTicket(account, { ...ticket, sender: account.address })
 */
export async function signTicket(account: TicketSigner, ticket: Ticket): Promise<Hex> {
  const hash = hashTicket(ticket)
  const raw = await account.signMessage({ message: { raw: hash } })
  return normalizeSignature(raw)
}

/**
 * Normalises a 65-byte secp256k1 signature to v ∈ {27, 28} and s ≤ n/2.
 * @throws TICKET_SIG_INVALID for a wrong length or v.
 * @example normalizeSignature(sigWithV0) // same signature with v = 27
 */
export function normalizeSignature(sig: Hex): Hex {
  const b = hexToBytesStrict(sig, 'signature').slice()
  if (b.length !== 65) throw new TicketSigInvalidError(`signer returned ${b.length} bytes`)
  let v = b[64]!
  if (v < 27) v += 27
  if (v !== 27 && v !== 28) throw new TicketSigInvalidError(`signer returned v=${b[64]}`)
  let s = 0n
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(b[i]!)
  if (s > SECP256K1_HALF_N) {
    s = SECP256K1_N - s
    v = v === 27 ? 28 : 27
    for (let i = 63; i >= 32; i--) {
      b[i] = Number(s & 0xffn)
      s >>= 8n
    }
  }
  b[64] = v
  return toHex(b)
}
