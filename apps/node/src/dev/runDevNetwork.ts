/**
 * The local dev network behind `prism dev`: anvil on 127.0.0.1, the Prism contracts deployed, the
 * local orchestrator registered and active, gateways funded, rounds advancing on a timer, and a
 * deployment file that the node and the web app read.
 */
import { mkdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Deployment, DevAccounts } from '@prism/protocol'
import { anvilPidPath, reclaimStaleAnvil } from './anvilPidFile.ts'
import { assignDevAccounts } from './devAccounts.ts'
import { DevAbortedError } from './errors.ts'
import { RoundTicker } from './RoundTicker.ts'
import { devPublicClient, devWalletClient, setupDevChain } from './setupDevChain.ts'
import { startAnvil } from './startAnvil.ts'

/** Options of {@link runDevNetwork}. Every field has a default. */
export type DevNetworkOptions = {
  /** anvil RPC port on 127.0.0.1. Default: 8545. */
  rpcPort?: number
  /** Folder of the deployment file. Default: `.prism/dev` (relative to the working directory). */
  dataDir?: string
  /** Round length in blocks. Default: 50. */
  roundLength?: number
  /** Milliseconds between mined blocks (rounds advance with them). Default: 1000. */
  blockTimeMs?: number
  /** Service URI of the local orchestrator. Default: `http://127.0.0.1:8935`. */
  serviceUri?: string
  /** Funded gateway accounts. Default: 3. */
  gateways?: number
  /** Deposit and reserve per gateway, in wei. Default: 1 ETH each. */
  gatewayFunds?: { deposit: bigint; reserve: bigint }
  /** Log sink for progress lines (new rounds, tick errors). Default: none. */
  log?: (line: string) => void
  /** Aborts start-up: anvil is stopped and the call rejects. Default: none. */
  signal?: AbortSignal
}

/** A running dev network. */
export type DevNetworkHandle = {
  rpcUrl: string
  deployment: Deployment
  accounts: DevAccounts
  /** Absolute path of the deployment file written. */
  deploymentPath: string
  /** Resolves if anvil exits on its own (a crash), with its exit code. */
  exited: Promise<number | null>
  /** Stops the round timer and anvil, and waits for anvil to exit. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts the dev network and resolves once the chain is ready and the deployment file written.
 *
 * @throws DevPortInUseError (`DEV_PORT_IN_USE`), DevAnvilFailedError (`DEV_ANVIL_FAILED`),
 *   DevSetupFailedError (`DEV_SETUP_FAILED`).
 * @example
 * const dev = await runDevNetwork({ rpcPort: 8545, dataDir: '.prism/dev' })
 * console.log(dev.rpcUrl, dev.deployment.contracts.ticketBroker)
 * await dev.close()
 */
export async function runDevNetwork(options: DevNetworkOptions = {}): Promise<DevNetworkHandle> {
  const dataDir = resolve(options.dataDir ?? '.prism/dev')
  mkdirSync(dataDir, { recursive: true })
  const signal = options.signal
  signal?.throwIfAborted()
  const port = options.rpcPort ?? 8545
  const pidFile = anvilPidPath(dataDir)
  const stale = await reclaimStaleAnvil(pidFile, port)
  if (stale !== undefined)
    options.log?.(`stopped the anvil (pid ${stale}) an earlier prism dev left on port ${port}`)
  const anvil = await startAnvil({ port, pidFile })
  // A signal during set-up stops anvil at once: its RPC calls then fail and set-up rejects.
  const stopOnAbort = () => void anvil.close()
  signal?.addEventListener('abort', stopOnAbort, { once: true })
  try {
    const accounts = assignDevAccounts({ orchestrators: 1, gateways: options.gateways ?? 3 })
    const deployment = await setupDevChain({
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      accounts,
      params: { roundLength: options.roundLength ?? 50 },
      serviceUris: [options.serviceUri ?? 'http://127.0.0.1:8935'],
      ...(options.gatewayFunds ? { gatewayFunds: options.gatewayFunds } : {}),
    })
    if (signal?.aborted) throw new DevAbortedError()
    const deploymentPath = resolve(dataDir, 'deployment.json')
    await writeFile(deploymentPath, `${JSON.stringify(deployment, null, 2)}\n`)

    const log = options.log
    const ticker = new RoundTicker({
      client: {
        public: devPublicClient(anvil.rpcUrl, anvil.chainId),
        wallet: devWalletClient(anvil.rpcUrl, anvil.chainId, accounts.deployer),
        contracts: deployment.contracts,
      },
      blockTimeMs: options.blockTimeMs ?? 1000,
      ...(log
        ? {
            onRound: (round: bigint) => log(`round ${round} initialized`),
            onError: (err: unknown) =>
              log(`round ticker: ${err instanceof Error ? err.message : String(err)}`),
          }
        : {}),
    })
    let closing: Promise<void> | undefined
    return {
      rpcUrl: anvil.rpcUrl,
      deployment,
      accounts,
      deploymentPath,
      exited: anvil.exited,
      close: () => {
        closing ??= ticker.close().then(() => anvil.close())
        return closing
      },
    }
  } catch (err) {
    await anvil.close()
    throw signal?.aborted ? new DevAbortedError() : err
  } finally {
    signal?.removeEventListener('abort', stopOnAbort)
  }
}
