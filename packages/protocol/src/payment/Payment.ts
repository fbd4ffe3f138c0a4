import type { Hex } from 'viem'

/** net.TicketExpirationParams: the round the params were created in and its block hash. */
export type TicketExpirationParams = {
  /** Field 1, int64. */
  creationRound: bigint
  /** Field 2, bytes (32). */
  creationRoundBlockHash: Hex
}

/** net.TicketParams as carried in a payment (field 7 is left unset by go-livepeer gateways). */
export type WireTicketParams = {
  /** Field 1: recipient address bytes. */
  recipient: Hex
  /** Field 2: minimal big-endian bytes. */
  faceValue: bigint
  /** Field 3: minimal big-endian bytes. */
  winProb: bigint
  /** Field 4: 32 bytes. */
  recipientRandHash: Hex
  /** Field 5: raw bytes, echoed as quoted. */
  seed: Hex
  /** Field 6: minimal big-endian bytes. */
  expirationBlock: bigint
  /** Field 7 (optional). */
  expirationParams?: TicketExpirationParams
}

/** net.TicketSenderParams: one ticket of a batch. */
export type TicketSenderParams = {
  /** Field 1, uint32. */
  senderNonce: number
  /** Field 2: 65-byte signature. */
  sig: Hex
}

/** net.PriceInfo: price per pixel = pricePerUnit / pixelsPerUnit. */
export type PriceInfo = {
  /** Field 1, int64. */
  pricePerUnit: bigint
  /** Field 2, int64. */
  pixelsPerUnit: bigint
  /** Field 3, uint32 capability id (AI prices). Default: 0 (omitted). */
  capability?: number
  /** Field 4, model id for AI prices. Default: '' (omitted). */
  constraint?: string
}

/**
 * net.Payment (go-livepeer net/lp_rpc.proto; docs/protocol.md §1.7): one TicketParams and one
 * expiration params shared by a batch of (nonce, sig) pairs.
 */
export type Payment = {
  /** Field 1; absent = price 0 ("no payment"). */
  ticketParams?: WireTicketParams
  /** Field 2: the gateway (ticket signer) address bytes. */
  sender: Hex
  /** Field 3: creation round and block hash (go-livepeer puts them here). */
  expirationParams?: TicketExpirationParams
  /** Field 4: one entry per ticket. */
  ticketSenderParams: TicketSenderParams[]
  /** Field 5: the price the orchestrator quoted. */
  expectedPrice?: PriceInfo
}
