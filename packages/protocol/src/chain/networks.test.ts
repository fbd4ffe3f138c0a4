/** Network presets and the deployment file decoder. */
import { describe, expect, it } from 'vitest'
import { decodeDeployment } from './deployment.ts'
import { getNetwork, NETWORKS } from './networks.ts'

const deployment = {
  network: 'dev',
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  contracts: {
    controller: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    livepeerToken: '0x0165878A594ca255338adfa4d48449f69242Eb8F',
    ticketBroker: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
    bondingManager: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    roundsManager: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    serviceRegistry: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
    minter: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  },
  roundLength: 50,
}

describe('getNetwork', () => {
  it('gives Livepeer’s Arbitrum One contracts (docs/protocol.md §4.1)', () => {
    const net = getNetwork('arbitrum-one')
    expect(net.chainId).toBe(42161)
    expect(net.contracts).toEqual({
      controller: '0xD8E8328501E9645d16Cf49539efC04f734606ee4',
      livepeerToken: '0x289ba1701C2F088cf0faf8B3705246331cB8A839',
      ticketBroker: '0xa8bB618B1520E284046F3dFc448851A1Ff26e41B',
      bondingManager: '0x35Bcf3c30594191d53231E4FF333E8A770453e40',
      roundsManager: '0xdd6f56DcC28D3F5f27084381fE8Df634985cc39f',
      serviceRegistry: '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431',
      minter: '0xc20DE37170B45774e6CD3d2304017fc962f27252',
    })
    expect(net.redeemGas).toBe(1_200_000n)
    // go-livepeer's name for it
    expect(getNetwork('arbitrum-one-mainnet')).toEqual(net)
  })

  it('builds dev from a deployment', () => {
    const net = getNetwork('dev', decodeDeployment(deployment))
    expect(net).toMatchObject({
      name: 'dev',
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      roundLength: 50,
    })
    expect(net.contracts).toEqual(deployment.contracts)
    expect(net.redeemGas).toBe(NETWORKS.dev.redeemGas)
  })

  it('rejects dev without a deployment and unknown names', () => {
    expect(() => getNetwork('dev')).toThrow(expect.objectContaining({ code: 'CHAIN_NETWORK_UNKNOWN' }))
    expect(() => getNetwork('mainnet')).toThrow(expect.objectContaining({ code: 'CHAIN_NETWORK_UNKNOWN' }))
  })
})

describe('decodeDeployment', () => {
  it('accepts a deployment with dev accounts', () => {
    const key = `0x${'ab'.repeat(32)}`
    const account = { address: deployment.contracts.minter, privateKey: key }
    const accounts = {
      deployer: account,
      orchestrator: account,
      orchestrators: [account],
      gateways: [account],
    }
    expect(decodeDeployment({ ...deployment, accounts }).accounts?.gateways).toHaveLength(1)
  })

  it('names the bad field', () => {
    const bad = { ...deployment, contracts: { ...deployment.contracts, ticketBroker: '0x1234' } }
    expect(() => decodeDeployment(bad)).toThrow(
      expect.objectContaining({
        code: 'CHAIN_DEPLOYMENT_INVALID',
        details: expect.stringContaining('contracts.ticketBroker'),
      }),
    )
    expect(() => decodeDeployment({ ...deployment, network: 'arbitrum-one' })).toThrow(
      expect.objectContaining({ code: 'CHAIN_DEPLOYMENT_INVALID' }),
    )
  })
})
