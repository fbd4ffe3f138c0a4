/**
 * TicketParams: the one shape of the params an orchestrator quotes to a sender, from the quote
 * (`/info`, the `ticketParams` data-channel message) to the payment that echoes them
 * (net.TicketParams), with its JSON codec and its protobuf codec.
 */
import { type BinaryReader, type BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { AddressSchema, Hash32Schema, HexBytesSchema, UintStringSchema } from '../messages/primitives.ts'
import type { Ticket } from '../ticket/Ticket.ts'
import {
  expectWire,
  readBigBytes,
  readFields,
  readHex,
  readInt64,
  writeBigBytes,
  writeHex,
  writeMessage,
} from './wire.ts'

/** net.TicketExpirationParams: the round the params were created in and its block hash. */
export type TicketExpirationParams = {
  /** Field 1, int64. */
  creationRound: bigint
  /** Field 2, bytes (32). */
  creationRoundBlockHash: Hex
}

/**
 * Ticket params an orchestrator quotes to one sender (net.TicketParams plus expiration params),
 * with bigints for numbers. `seed` stays raw bytes so the gateway echoes it byte-identically.
 */
export type TicketParams = {
  /** Orchestrator address (field 1). */
  recipient: Address
  /** Wei per winning ticket (field 2, minimal big-endian bytes). */
  faceValue: bigint
  /** Numerator over 2^256 − 1 (field 3). */
  winProb: bigint
  /** keccak256(u256(recipientRand)) (field 4, 32 bytes). */
  recipientRandHash: Hex
  /** Orchestrator seed (field 5, minimal big-endian bytes), echoed as received. */
  seed: Hex
  /** L1 block after which the params expire (field 6). */
  expirationBlock: bigint
  /** Round the params were created in and that round's block hash (field 7). */
  expirationParams: TicketExpirationParams
}

/**
 * {@link TicketParams} as carried in a net.Payment: field 7 is optional (go-livepeer gateways leave
 * it unset and send the expiration params in Payment field 3). Addresses and hashes are the bytes
 * as received; the orchestrator fits them to length.
 */
export type WireTicketParams = Omit<TicketParams, 'expirationParams'> &
  Partial<Pick<TicketParams, 'expirationParams'>>

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
 * Converts bigint ticket params to JSON (decimal strings, 0x-hex). Extra fields (e.g. the price
 * an orchestrator keeps beside the params) are left out.
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

/**
 * The ticket `sender` signs under `params` with one nonce.
 * @example signTicket(account, ticketFromParams(params, account.address, 1n))
 */
export function ticketFromParams(params: TicketParams, sender: Address, senderNonce: bigint): Ticket {
  return {
    recipient: params.recipient,
    sender,
    faceValue: params.faceValue,
    winProb: params.winProb,
    senderNonce,
    recipientRandHash: params.recipientRandHash,
    creationRound: params.expirationParams.creationRound,
    creationRoundBlockHash: params.expirationParams.creationRoundBlockHash,
  }
}

/**
 * Writes the body of a net.TicketExpirationParams (proto3 defaults omitted).
 * @throws HEX_INVALID for a malformed block hash.
 */
export function writeExpirationParams(w: BinaryWriter, e: TicketExpirationParams): void {
  if (e.creationRound !== 0n) w.tag(1, WireType.Varint).int64(e.creationRound)
  writeHex(w, 2, e.creationRoundBlockHash, 'creationRoundBlockHash')
}

/**
 * Reads a length-prefixed net.TicketExpirationParams.
 * @throws PAYMENT_DECODE_FAILED for wrong wire types or truncated data.
 */
export function readExpirationParams(r: BinaryReader): TicketExpirationParams {
  const e: TicketExpirationParams = { creationRound: 0n, creationRoundBlockHash: '0x' }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1) {
      expectWire(wt, WireType.Varint, 'TicketExpirationParams', f)
      e.creationRound = readInt64(r)
    } else if (f === 2) {
      expectWire(wt, WireType.LengthDelimited, 'TicketExpirationParams', f)
      e.creationRoundBlockHash = readHex(r)
    } else return false
    return true
  })
  return e
}

/**
 * Writes the body of a net.TicketParams: big integers as minimal big-endian bytes, empty fields
 * omitted, field 7 only when present.
 * @throws HEX_INVALID, VALUE_OUT_OF_RANGE for malformed fields.
 */
export function writeTicketParams(w: BinaryWriter, p: WireTicketParams): void {
  writeHex(w, 1, p.recipient, 'recipient')
  writeBigBytes(w, 2, p.faceValue, 'faceValue')
  writeBigBytes(w, 3, p.winProb, 'winProb')
  writeHex(w, 4, p.recipientRandHash, 'recipientRandHash')
  writeHex(w, 5, p.seed, 'seed')
  writeBigBytes(w, 6, p.expirationBlock, 'expirationBlock')
  const e = p.expirationParams
  if (e) writeMessage(w, 7, (w) => writeExpirationParams(w, e))
}

/**
 * Reads a length-prefixed net.TicketParams (big integers accept non-minimal encodings).
 * @throws PAYMENT_DECODE_FAILED for wrong wire types or truncated data.
 */
export function readTicketParams(r: BinaryReader): WireTicketParams {
  const t: WireTicketParams = {
    recipient: '0x',
    faceValue: 0n,
    winProb: 0n,
    recipientRandHash: '0x',
    seed: '0x',
    expirationBlock: 0n,
  }
  readFields(r, r.uint32(), (f, wt) => {
    if (f < 1 || f > 7) return false
    expectWire(wt, WireType.LengthDelimited, 'TicketParams', f)
    if (f === 1) t.recipient = readHex(r)
    else if (f === 2) t.faceValue = readBigBytes(r)
    else if (f === 3) t.winProb = readBigBytes(r)
    else if (f === 4) t.recipientRandHash = readHex(r)
    else if (f === 5) t.seed = readHex(r)
    else if (f === 6) t.expirationBlock = readBigBytes(r)
    else t.expirationParams = readExpirationParams(r)
    return true
  })
  return t
}
