import { type Hex, keccak256 } from 'viem'
import { u256 } from '../utils/bytes.ts'

/**
 * The recipientRand commitment: keccak256(u256(recipientRand)) (docs/protocol.md §1.5).
 *
 * @param recipientRand - the orchestrator's secret random number (uint256).
 * @returns 32-byte 0x-hex.
 * @throws VALUE_OUT_OF_RANGE
 * @example
 * recipientRandHash(10n) // '0xc65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8'
 */
export function recipientRandHash(recipientRand: bigint): Hex {
  return keccak256(u256(recipientRand, 'recipientRand'))
}
