/**
 * Ticket params as `net.TicketParams`: addresses and hashes as raw bytes, integers as minimal
 * big-endian bytes (empty = 0), the seed as issued, and the creation round in field 7.
 */
import { create } from '@bufbuild/protobuf'
import { fixedBytes, hexToBytesStrict, minimalBytes, net, type TicketParams } from '@prism/protocol'

/**
 * Converts issued ticket params to the protobuf message GetOrchestrator returns.
 *
 * @example
 * info.ticketParams = ticketParamsMessage(await payments.ticketParamsFor(sender))
 */
export function ticketParamsMessage(p: TicketParams): net.TicketParams {
  return create(net.TicketParamsSchema, {
    recipient: fixedBytes(p.recipient, 20, 'recipient'),
    faceValue: minimalBytes(p.faceValue, 'faceValue'),
    winProb: minimalBytes(p.winProb, 'winProb'),
    recipientRandHash: fixedBytes(p.recipientRandHash, 32, 'recipientRandHash'),
    seed: hexToBytesStrict(p.seed, 'seed'),
    expirationBlock: minimalBytes(p.expirationBlock, 'expirationBlock'),
    expirationParams: create(net.TicketExpirationParamsSchema, {
      creationRound: p.expirationParams.creationRound,
      creationRoundBlockHash: hexToBytesStrict(
        p.expirationParams.creationRoundBlockHash,
        'creationRoundBlockHash',
      ),
    }),
  })
}
