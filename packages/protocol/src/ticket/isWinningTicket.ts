import { type Hex, keccak256 } from 'viem'
import { hexToBytesStrict, u256 } from '../utils/bytes.ts'

/**
 * The winning rule: uint256(keccak256(sig ‖ u256(recipientRand))) < winProb, strictly
 * (docs/protocol.md §1.3). winProb 0 never wins.
 *
 * @param sig - the ticket signature (65 bytes for a valid ticket; hashed as given).
 * @param recipientRand - the orchestrator's secret for the ticket's recipientRandHash.
 * @param winProb - the ticket's winProb.
 * @returns true when the ticket wins.
 * @throws HEX_INVALID, VALUE_OUT_OF_RANGE
 * @example
 * isWinningTicket(sig, 10n, MAX_WIN_PROB) // true unless the hash is exactly 2^256 − 1
 */
export function isWinningTicket(sig: Hex, recipientRand: bigint, winProb: bigint): boolean {
  const s = hexToBytesStrict(sig, 'sig')
  const buf = new Uint8Array(s.length + 32)
  buf.set(s, 0)
  buf.set(u256(recipientRand, 'recipientRand'), s.length)
  return BigInt(keccak256(buf)) < winProb
}
