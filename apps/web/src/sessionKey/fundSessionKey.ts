import { type ChainClient, fundDepositAndReserveFor } from '@prism/protocol'
import type { Address, Hash } from 'viem'
import { FundsTxError } from './errors.ts'

/** Parameters of {@link fundSessionKey}. */
export type FundSessionKeyParameters = {
  /** The chain client whose wallet is the user's (it pays). */
  client: ChainClient
  /** The session key address (the ticket sender). */
  sessionKey: Address
  /** Deposit in wei (pays winning tickets). */
  deposit: bigint
  /** Reserve in wei (backs the deposit, split between active orchestrators). */
  reserve: bigint
}

/**
 * Funds the session key's deposit and reserve from the wallet in one transaction (the
 * `fundDepositAndReserveFor` chain action, value deposit + reserve).
 * @returns the transaction hash, once mined.
 * @throws FundsTxError `WEB_FUNDS_TX_FAILED` when the wallet refuses or the transaction reverts.
 * @example
 * await fundSessionKey({ client: { public: publicClient, wallet, contracts }, sessionKey, deposit: parseEther('0.1'), reserve: parseEther('0.1') })
 */
export async function fundSessionKey(params: FundSessionKeyParameters): Promise<Hash> {
  try {
    const { txHash } = await fundDepositAndReserveFor(params.client, {
      sender: params.sessionKey,
      deposit: params.deposit,
      reserve: params.reserve,
    })
    return txHash
  } catch (err) {
    throw new FundsTxError('funding the session key', err)
  }
}
