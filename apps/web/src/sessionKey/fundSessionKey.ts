import { ticketBrokerAbi } from '@prism/protocol'
import type { Address, Chain, Hash, PublicClient, WalletClient } from 'viem'
import { FundsTxError } from './errors.ts'

/** Parameters of {@link fundSessionKey}. */
export type FundSessionKeyParameters = {
  /** The user's wallet (pays). */
  wallet: WalletClient
  /** Reads receipts. */
  client: PublicClient
  /** The chain. */
  chain: Chain
  /** TicketBroker address. */
  ticketBroker: Address
  /** The session key address (the ticket sender). */
  sessionKey: Address
  /** Deposit in wei (pays winning tickets). */
  deposit: bigint
  /** Reserve in wei (backs the deposit, split between active orchestrators). */
  reserve: bigint
}

/**
 * Funds the session key's deposit and reserve from the wallet in one transaction:
 * `TicketBroker.fundDepositAndReserveFor(sessionKey, deposit, reserve)` with value deposit + reserve.
 * @returns the transaction hash, once mined.
 * @throws FundsTxError `WEB_FUNDS_TX_FAILED` when the wallet refuses or the transaction reverts.
 * @example
 * await fundSessionKey({ wallet, client, chain, ticketBroker, sessionKey, deposit: parseEther('0.1'), reserve: parseEther('0.1') })
 */
export async function fundSessionKey(params: FundSessionKeyParameters): Promise<Hash> {
  const account = params.wallet.account
  if (!account) throw new FundsTxError('funding (no wallet account)')
  try {
    const hash = await params.wallet.writeContract({
      account,
      chain: params.chain,
      address: params.ticketBroker,
      abi: ticketBrokerAbi,
      functionName: 'fundDepositAndReserveFor',
      args: [params.sessionKey, params.deposit, params.reserve],
      value: params.deposit + params.reserve,
    })
    const receipt = await params.client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return hash
  } catch (err) {
    if (err instanceof FundsTxError) throw err
    throw new FundsTxError('funding the session key', err)
  }
}
