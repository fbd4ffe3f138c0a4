import { describe, expect, it } from 'vitest'
import {
  arbitrumOne,
  arbitrumOneWithRpc,
  DEFAULT_DEV_ACCOUNT,
  loadWebNetwork,
  parseDevDeployment,
} from './webNetwork.ts'

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`

describe('parseDevDeployment', () => {
  it('reads chain id, rpc url and contracts of the dev deployment file', () => {
    const net = parseDevDeployment({
      network: 'dev',
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      contracts: {
        controller: addr(1),
        ticketBroker: addr(2),
        bondingManager: addr(3),
        roundsManager: addr(4),
        serviceRegistry: addr(5),
        minter: addr(6),
        livepeerToken: addr(7),
      },
      roundLength: 50,
    })
    expect(net.name).toBe('dev')
    expect(net.chain.id).toBe(31337)
    expect(net.chain.rpcUrls.default.http[0]).toBe('http://127.0.0.1:8545')
    expect(net.contracts.ticketBroker).toBe(addr(2))
    expect(net.devAccount).toBe(DEFAULT_DEV_ACCOUNT)
  })
  it('rejects a malformed file with CHAIN_DEPLOYMENT_INVALID', () => {
    expect(() => parseDevDeployment({ chainId: 1 })).toThrow(
      expect.objectContaining({ code: 'CHAIN_DEPLOYMENT_INVALID' }),
    )
  })
})

describe('arbitrum-one', () => {
  it('uses Livepeer TicketBroker on chain 42161 and takes another RPC', () => {
    expect(arbitrumOne.chain.id).toBe(42161)
    expect(arbitrumOne.contracts.ticketBroker).toBe('0xa8bB618B1520E284046F3dFc448851A1Ff26e41B')
    expect(arbitrumOneWithRpc('http://rpc.test').chain.rpcUrls.default.http[0]).toBe('http://rpc.test')
  })
})

describe('loadWebNetwork', () => {
  const deployment = {
    network: 'dev',
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    contracts: {
      controller: addr(1),
      ticketBroker: addr(2),
      bondingManager: addr(3),
      roundsManager: addr(4),
      serviceRegistry: addr(5),
      minter: addr(6),
      livepeerToken: addr(7),
    },
    roundLength: 50,
    orchestrators: ['http://127.0.0.1:8935'],
  }
  const files =
    (served: Record<string, unknown>) =>
    async (path: string): Promise<unknown> =>
      served[path]

  it('uses the dev deployment served next to index.html, with the dev payer limits', async () => {
    const net = await loadWebNetwork('', files({ 'deployment.json': deployment }))
    expect(net.name).toBe('dev')
    expect(net.orchestrators).toEqual(['http://127.0.0.1:8935'])
    expect(net.payerLimits?.maxTicketEV).toBeGreaterThanOrEqual(999_000_000_000_000n)
  })

  it('takes orchestrators, RPC and max price from config.json, and the query over it', async () => {
    const net = await loadWebNetwork(
      '?maxPrice=3',
      files({
        'config.json': {
          orchestrators: ['https://o.example'],
          rpc: 'http://10.0.0.1:8545',
          maxPrice: '9',
          deployment,
        },
      }),
    )
    expect(net.name).toBe('dev')
    expect(net.chain.rpcUrls.default.http[0]).toBe('http://10.0.0.1:8545')
    expect(net.orchestrators).toEqual(['https://o.example', 'http://127.0.0.1:8935'])
    expect(net.maxPrice).toBe('3')
  })

  it('falls back to Arbitrum One (with its RPC from the query) and no dev limits', async () => {
    const net = await loadWebNetwork('?rpc=http://rpc.test&orchestrators=https://a,https://b', files({}))
    expect(net.name).toBe('arbitrum-one')
    expect(net.chain.rpcUrls.default.http[0]).toBe('http://rpc.test')
    expect(net.orchestrators).toEqual(['https://a', 'https://b'])
    expect(net.payerLimits).toBeUndefined()
    const forced = await loadWebNetwork('?network=arbitrum-one', files({ 'deployment.json': deployment }))
    expect(forced.name).toBe('arbitrum-one')
  })
})
