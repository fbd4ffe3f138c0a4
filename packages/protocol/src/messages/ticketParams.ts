import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { AddressSchema, Hash32Schema, HexBytesSchema, UintStringSchema } from './primitives.ts'

/** Ticket params as JSON: numbers as decimal strings, bytes as 0x-hex. */
export const TicketParamsJsonSchema = z.object({
  recipient: AddressSchema,
  faceValue: UintStringSchema,
  winProb: UintStringSchema,
  recipientRandHash: Hash32Schema,
  seed: HexBytesSchema,
  expirationBlock: UintStringSchema,
  expirationParams: z.object({
    creationRound: UintStringSchema,
    creationRoundBlockHash: HexBytesSchema,
  }),
})

/** JSON form of {@link TicketParams}. */
export type TicketParamsJson = z.output<typeof TicketParamsJsonSchema>

/**
 * Ticket params an orchestrator quotes to one sender (net.TicketParams plus expiration params),
 * with bigints for numbers. `seed` stays raw bytes so the gateway echoes it byte-identically.
 */
export type TicketParams = {
  /** Orchestrator address. */
  recipient: Address
  /** Wei per winning ticket. */
  faceValue: bigint
  /** Numerator over 2^256 − 1. */
  winProb: bigint
  /** keccak256(u256(recipientRand)). */
  recipientRandHash: Hex
  /** Orchestrator seed (minimal big-endian bytes), echoed as received. */
  seed: Hex
  /** L1 block after which the params expire. */
  expirationBlock: bigint
  /** Round the params were created in and that round's block hash. */
  expirationParams: { creationRound: bigint; creationRoundBlockHash: Hex }
}

/**
 * Converts validated JSON ticket params to the bigint form.
 * @example ticketParamsFromJson(info.ticketParams).faceValue // 1200000000000000n
 */
export function ticketParamsFromJson(json: TicketParamsJson): TicketParams {
  return {
    recipient: json.recipient as Address,
    faceValue: BigInt(json.faceValue),
    winProb: BigInt(json.winProb),
    recipientRandHash: json.recipientRandHash as Hex,
    seed: json.seed as Hex,
    expirationBlock: BigInt(json.expirationBlock),
    expirationParams: {
      creationRound: BigInt(json.expirationParams.creationRound),
      creationRoundBlockHash: json.expirationParams.creationRoundBlockHash as Hex,
    },
  }
}

/**
 * Converts bigint ticket params to JSON (decimal strings, 0x-hex).
 * @example JSON.stringify(ticketParamsToJson(params))
 */
export function ticketParamsToJson(params: TicketParams): TicketParamsJson {
  return {
    recipient: params.recipient,
    faceValue: params.faceValue.toString(),
    winProb: params.winProb.toString(),
    recipientRandHash: params.recipientRandHash,
    seed: params.seed,
    expirationBlock: params.expirationBlock.toString(),
    expirationParams: {
      creationRound: params.expirationParams.creationRound.toString(),
      creationRoundBlockHash: params.expirationParams.creationRoundBlockHash,
    },
  }
}
