/**
 * Adapts the node's ChainClient to the narrow interfaces the payment, settlement and reward
 * managers take ({@link PaymentChain}, {@link RewardChain}).
 */
import type { Address } from 'viem'
import type { ChainClient } from '../../chain/ChainClient.ts'
import type { RewardChain } from '../reward/rewardService.ts'
import type { PaymentChain } from './paymentChain.ts'

/**
 * Wraps a ChainClient (with an account: redemption and reward send transactions).
 *
 * @example
 * const chain = paymentChainFromClient(new ChainClient({ network, rpcUrl, account: ethKey }))
 * new RedemptionLoop({ store, chain, recipient })
 */
export function paymentChainFromClient(client: ChainClient): PaymentChain & RewardChain {
  return {
    getBlockNumber: () => client.getBlockNumber(),
    getLastInitializedRound: () => client.getLastInitializedRound(),
    isActiveTranscoder: (addr: Address) => client.isActiveTranscoder(addr),
    isUsedTicket: (hash) => client.isUsedTicket(hash),
    getGasPrice: () => client.getGasPrice(),
    getSenderInfo: (sender) => client.getSenderInfo(sender),
    claimableReserve: (sender, claimant) => client.claimableReserve(sender, claimant),
    blockHashForRound: (round) => client.blockHashForRound(round),
    redeemWinningTicket: async (t) => ({ txHash: (await client.redeemWinningTicket(t)).txHash }),
    batchRedeemWinningTickets: async (ts) => ({
      txHash: (await client.batchRedeemWinningTickets(ts)).txHash,
    }),
    getLastRewardRound: async (addr) => (await client.getTranscoder(addr)).lastRewardRound,
    reward: async () => {
      const r = await client.reward()
      return { txHash: r.txHash, amount: r.amount }
    },
  }
}
