import { createPublicClient, custom } from 'viem'
import { describe, expect, it } from 'vitest'
import type { ChainClient } from '../client.ts'
import { getBlockNumber } from './getBlockNumber.ts'

/** A client whose RPC answers eth_getBlockByNumber with `block`. */
function clientWith(block: Record<string, string>): ChainClient {
  const transport = custom({
    request: async ({ method }: { method: string }) => {
      if (method === 'eth_getBlockByNumber') return block
      throw new Error(`unexpected ${method}`)
    },
  })
  return {
    public: createPublicClient({ transport }) as ChainClient['public'],
    contracts: {
      ticketBroker: '0x0000000000000000000000000000000000000001',
      bondingManager: '0x0000000000000000000000000000000000000002',
      roundsManager: '0x0000000000000000000000000000000000000003',
      serviceRegistry: '0x0000000000000000000000000000000000000004',
    },
  }
}

describe('getBlockNumber', () => {
  it('is the L1 block number on Arbitrum (the latest block carries l1BlockNumber)', async () => {
    expect(await getBlockNumber(clientWith({ number: '0x11e1a300', l1BlockNumber: '0x1312d00' }))).toBe(
      20_000_000n,
    )
  })

  it('is the block number on a chain without L1 numbers (anvil)', async () => {
    expect(await getBlockNumber(clientWith({ number: '0x2a' }))).toBe(42n)
  })
})
