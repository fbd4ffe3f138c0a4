import { describe, expect, it } from 'vitest'
import { reward } from './actions/reward.ts'
import { createChainClient } from './client.ts'
import { rpcUrlOf } from './contractCall.ts'
import { getNetwork } from './networks.ts'

describe('createChainClient', () => {
  it('needs an RPC URL: arbitrum-one has no default (CHAIN_RPC_UNAVAILABLE)', () => {
    expect(() => createChainClient({ network: getNetwork('arbitrum-one') })).toThrow(
      expect.objectContaining({ code: 'CHAIN_RPC_UNAVAILABLE' }),
    )
  })

  it('builds a read-only client without an account; writes then fail with CHAIN_ACCOUNT_MISSING', async () => {
    const client = createChainClient({ network: getNetwork('arbitrum-one'), rpcUrl: 'http://127.0.0.1:1' })
    expect(client.wallet).toBeUndefined()
    expect(client.contracts.ticketBroker).toBe(getNetwork('arbitrum-one').contracts.ticketBroker)
    expect(rpcUrlOf(client)).toBe('http://127.0.0.1:1')
    await expect(reward(client)).rejects.toMatchObject({ code: 'CHAIN_ACCOUNT_MISSING' })
  })

  it('signs with the given private key', () => {
    const client = createChainClient({
      network: getNetwork('arbitrum-one'),
      rpcUrl: 'http://127.0.0.1:1',
      account: `0x${'01'.repeat(32)}`,
    })
    expect(client.wallet?.account?.address).toBe('0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1')
  })
})
