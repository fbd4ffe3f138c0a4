import { type Hex, keccak256 } from 'viem'
import { recoverSigner } from '../ticket/recoverSigner.ts'
import type { TicketSigner } from '../ticket/signTicket.ts'
import { concatBytes, toHex } from '../utils/bytes.ts'
import type { OrchestratorInfo } from './gen/net_pb.ts'
import { signNodeHash } from './nodeSignature.ts'

/**
 * The hash an orchestrator signs over a transcoded segment: keccak256(keccak256(rendition₀) ‖
 * keccak256(rendition₁) ‖ …) over the raw rendition bytes in profile order.
 * @example transcodeResultHash([bytes240p, bytes360p])
 */
export function transcodeResultHash(renditions: readonly Uint8Array[]): Uint8Array {
  return keccak256(concatBytes(...renditions.map((r) => keccak256(r, 'bytes'))), 'bytes')
}

/**
 * Signs renditions (orchestrator, on chain): the personal-message signature over
 * {@link transcodeResultHash}, without an extra keccak. Off chain the signature is empty.
 * @example data.sig = await signTranscodeResult(account, renditions)
 */
export async function signTranscodeResult(
  account: TicketSigner,
  renditions: readonly Uint8Array[],
): Promise<Uint8Array> {
  return signNodeHash(account, transcodeResultHash(renditions))
}

/**
 * The signer of a transcode result, or null when the signature is malformed.
 * @example recoverTranscodeResultSigner(renditions, data.sig) === expectedResultSigner(info)
 */
export function recoverTranscodeResultSigner(renditions: readonly Uint8Array[], sig: Uint8Array): Hex | null {
  return recoverSigner(transcodeResultHash(renditions), sig)
}

/**
 * Who must have signed an orchestrator's results, as a go-livepeer gateway decides: its address,
 * or its ticket recipient when the address is all zeros.
 * @returns lower-case 0x-hex, or null when neither is known.
 */
export function expectedResultSigner(info: Pick<OrchestratorInfo, 'address' | 'ticketParams'>): Hex | null {
  if (info.address.length && info.address.some((b) => b !== 0)) return toHex(info.address)
  const recipient = info.ticketParams?.recipient
  return recipient?.length ? toHex(recipient) : null
}
