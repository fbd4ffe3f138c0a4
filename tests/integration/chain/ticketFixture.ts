/** Builds and signs tickets with @prism/protocol against a dev chain (shared by the chain tests). */
import {
  createChainClient,
  type DevAccount,
  getBlockHashForRound,
  getLastInitializedRound,
  getNetwork,
  MAX_WIN_PROB,
  type NetworkChainClient,
  recipientRandHash,
  signTicket,
  type Ticket,
  type WinningTicket,
} from '@prism/protocol'
import { type Address, type Hex, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevChain } from '../../helpers/devChain.ts'

/** Options of {@link makeTicket}; everything defaults to a winning 0.01 ETH ticket. */
export type MakeTicketOptions = {
  sender: DevAccount
  recipient?: Address
  faceValue?: bigint
  winProb?: bigint
  senderNonce?: bigint
  recipientRand?: bigint
  /** Default: lastInitializedRound. */
  creationRound?: bigint
  /** Default: blockHashForRound(creationRound). */
  creationRoundBlockHash?: Hex
  /** Who signs. Default: the sender. */
  signer?: DevAccount
}

let nonce = 0n

/** A signed ticket from `opts.sender` to the chain's orchestrator (by default), ready to redeem. */
export async function makeTicket(chain: DevChain, opts: MakeTicketOptions): Promise<WinningTicket> {
  const client = clientFor(chain)
  const creationRound = opts.creationRound ?? (await getLastInitializedRound(client))
  const creationRoundBlockHash =
    opts.creationRoundBlockHash ?? (await getBlockHashForRound(client, { round: creationRound }))
  const recipientRand = opts.recipientRand ?? 1000n + nonce
  nonce += 1n
  const ticket: Ticket = {
    recipient: opts.recipient ?? chain.accounts.orchestrator.address,
    sender: opts.sender.address,
    faceValue: opts.faceValue ?? parseEther('0.01'),
    winProb: opts.winProb ?? MAX_WIN_PROB,
    senderNonce: opts.senderNonce ?? nonce,
    recipientRandHash: recipientRandHash(recipientRand),
    creationRound,
    creationRoundBlockHash,
  }
  const sig = await signTicket(privateKeyToAccount((opts.signer ?? opts.sender).privateKey), ticket)
  return { ...ticket, sig, recipientRand }
}

/** A chain client on the dev chain signing as `account` (default: the orchestrator). */
export function clientFor(
  chain: DevChain,
  account: DevAccount = chain.accounts.orchestrator,
): NetworkChainClient {
  return createChainClient({
    network: getNetwork('dev', chain.deployment),
    account: account.privateKey,
    pollingIntervalMs: 50,
  })
}
