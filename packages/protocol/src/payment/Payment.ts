import type { Hex } from 'viem'
import type { PriceInfo } from './price.ts'
import type { TicketExpirationParams, WireTicketParams } from './ticketParams.ts'

/** net.TicketSenderParams: one ticket of a batch. */
export type TicketSenderParams = {
  /** Field 1, uint32. */
  senderNonce: number
  /** Field 2: 65-byte signature. */
  sig: Hex
}

/**
 * net.Payment (go-livepeer net/lp_rpc.proto; docs/protocol.md §1.7): one TicketParams and one
 * expiration params shared by a batch of (nonce, sig) pairs.
 */
export type Payment = {
  /** Field 1; absent = price 0 ("no payment"). */
  ticketParams?: WireTicketParams
  /** Field 2: the gateway (ticket signer) address bytes; `0x` when empty. */
  sender: Hex
  /** Field 3: creation round and block hash (go-livepeer puts them here). */
  expirationParams?: TicketExpirationParams
  /** Field 4: one entry per ticket. */
  ticketSenderParams: TicketSenderParams[]
  /** Field 5: the price the orchestrator quoted. */
  expectedPrice?: PriceInfo
}
