import type { Hex } from 'viem'
import { concatBytes, fixedBytes, toHex, u256 } from '../utils/bytes.ts'

/**
 * The ticket's auxData: u256(creationRound) ‖ creationRoundBlockHash (64 bytes), or empty
 * (`0x`) exactly when the round is 0 and the block hash is zero, as go-livepeer does
 * (docs/protocol.md §1.1). Such an empty-aux ticket can never be redeemed on chain.
 *
 * @param creationRound - round the params were created in.
 * @param creationRoundBlockHash - 32-byte hash of that round's block (shorter input is left-padded).
 * @returns 0x-hex of 64 bytes, or `0x`.
 * @throws VALUE_OUT_OF_RANGE, HEX_INVALID
 * @example
 * ticketAuxData(3000n, '0x41b1…8c4d') // '0x…0bb841b1…8c4d' (64 bytes)
 * ticketAuxData(0n, '0x') // '0x'
 */
export function ticketAuxData(creationRound: bigint, creationRoundBlockHash: Hex): Hex {
  return toHex(ticketAuxDataBytes(creationRound, creationRoundBlockHash))
}

/** Bytes form of {@link ticketAuxData}. */
export function ticketAuxDataBytes(creationRound: bigint, creationRoundBlockHash: Hex): Uint8Array {
  const hash = fixedBytes(creationRoundBlockHash, 32, 'creationRoundBlockHash')
  if (creationRound === 0n && hash.every((b) => b === 0)) return new Uint8Array(0)
  return concatBytes(u256(creationRound, 'creationRound'), hash)
}
