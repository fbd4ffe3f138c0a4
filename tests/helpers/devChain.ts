/**
 * Arrange helper: a real anvil on a free loopback port with the Prism contracts deployed, the
 * first round initialized, orchestrators registered and active, gateways funded.
 *
 * Accounts (anvil's test mnemonic): index 0 deployer, 1…orchestrators orchestrators, then
 * gateways. Always `await chain.close()` in teardown: it kills anvil and waits for it to exit.
 *
 * @example
 * const chain = await startDevChain()
 * const gw = chain.walletClientFor(chain.accounts.gateways[0])
 * // … sign and redeem tickets against chain.deployment.contracts.ticketBroker …
 * await chain.close()
 */
import { type Deployment, type DevAccount, type DevAccounts, getNetwork, type Network } from '@prism/protocol'
import type { PublicClient } from 'viem'
import type { DevChainParams, DevWallet } from '../../apps/node/src/dev/deployContracts.ts'
import { assignDevAccounts, devAccountList } from '../../apps/node/src/dev/devAccounts.ts'
import { advanceRound, mineBlocks } from '../../apps/node/src/dev/devChainControl.ts'
import { devPublicClient, devWalletClient, setupDevChain } from '../../apps/node/src/dev/setupDevChain.ts'
import { startAnvil } from '../../apps/node/src/dev/startAnvil.ts'
import { freePort } from '../../apps/node/src/lib/freePort.ts'

/** Options of {@link startDevChain}. */
export type StartDevChainOptions = {
  /** Round length in blocks. Default: 20. */
  roundLength?: number
  /** Registered and active orchestrators (anvil indexes 1…n). Default: 1. */
  orchestrators?: number
  /** Gateway accounts after the orchestrators. Default: 3. */
  gateways?: number
  /** Deposit and reserve funded for each gateway, in wei. Default: 1 ETH each; 0n/0n funds none. */
  gatewayFunds?: { deposit: bigint; reserve: bigint }
  /** Service URI per orchestrator. Default: `http://127.0.0.1:8935` each. */
  serviceUris?: string[]
  /** Other contract parameters (unlockPeriod, ticketValidityPeriod, …); see DevChainParams. */
  params?: Omit<DevChainParams, 'roundLength'>
}

/** A running dev chain. */
export type DevChain = {
  rpcUrl: string
  /** The anvil process id (tests freeze the RPC with SIGSTOP and thaw it with SIGCONT). */
  anvilPid: number
  deployment: Deployment
  /** `getNetwork('dev', deployment)`: what `createChainClient` takes. */
  network: Network
  /** Role accounts; `deployment.accounts` holds the same. */
  accounts: DevAccounts
  /** All 10 anvil accounts by index (each has 10000 ETH at start). */
  allAccounts: DevAccount[]
  publicClient: PublicClient
  /** Wallet client for an anvil account index or a DevAccount. */
  walletClientFor(who: number | DevAccount): DevWallet
  /** Mines `n` empty blocks. */
  mine(n: number): Promise<void>
  /** Mines to the next round and initializes it (as the deployer); returns the new round. */
  advanceRound(): Promise<bigint>
  /** Kills anvil and waits for it to exit. Idempotent. */
  close(): Promise<void>
}

/** Starts anvil on a free port and sets up the Prism dev chain on it. */
export async function startDevChain(opts: StartDevChainOptions = {}): Promise<DevChain> {
  let anvil: Awaited<ReturnType<typeof startAnvil>> | undefined
  for (let attempt = 0; !anvil; attempt++) {
    try {
      anvil = await startAnvil({ port: await freePort() })
    } catch (err) {
      // Another process may grab the free port between the probe and anvil's bind: try again.
      if (attempt >= 3 || (err as { code?: string }).code !== 'DEV_PORT_IN_USE') throw err
    }
  }
  const running = anvil
  try {
    const accounts = assignDevAccounts({
      orchestrators: opts.orchestrators ?? 1,
      gateways: opts.gateways ?? 3,
    })
    const deployment = await setupDevChain({
      rpcUrl: running.rpcUrl,
      chainId: running.chainId,
      accounts,
      params: { ...opts.params, roundLength: opts.roundLength ?? 20 },
      ...(opts.serviceUris ? { serviceUris: opts.serviceUris } : {}),
      ...(opts.gatewayFunds ? { gatewayFunds: opts.gatewayFunds } : {}),
    })
    const publicClient = devPublicClient(running.rpcUrl, running.chainId)
    const allAccounts = devAccountList()
    const walletClientFor = (who: number | DevAccount): DevWallet => {
      const account = typeof who === 'number' ? allAccounts[who] : who
      if (!account) throw new RangeError(`no dev account ${String(who)}`)
      return devWalletClient(running.rpcUrl, running.chainId, account)
    }
    const deployer = walletClientFor(accounts.deployer)
    return {
      rpcUrl: running.rpcUrl,
      anvilPid: running.child.pid ?? 0,
      deployment,
      network: getNetwork('dev', deployment),
      accounts,
      allAccounts,
      publicClient,
      walletClientFor,
      mine: (n) => mineBlocks(publicClient, n),
      advanceRound: () =>
        advanceRound({ public: publicClient, wallet: deployer, contracts: deployment.contracts }),
      close: () => running.close(),
    }
  } catch (err) {
    await running.close()
    throw err
  }
}
