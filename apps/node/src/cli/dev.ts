/**
 * The `prism dev` role (what `npm start` runs): a local chain with Prism's Livepeer-compatible
 * contracts, the local orchestrator registered, gateways funded and rounds advancing; prints the
 * RPC URL and addresses and writes the deployment file. Ctrl-C (SIGINT) or SIGTERM stops it all.
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { DevAbortedError } from '../dev/errors.ts'
import { runDevNetwork } from '../dev/runDevNetwork.ts'
import { formatHelp, type ParsedFlags, parseFlags } from './flags.ts'
import { ORCHESTRATOR_FLAGS, startOrchestratorFromFlags } from './orchestrator.ts'

/** Flags of `prism dev`. */
export const DEV_FLAGS = {
  rpcPort: { type: 'number', default: 8545, help: 'Port of the local chain RPC (anvil) on 127.0.0.1.' },
  dataDir: {
    type: 'string',
    default: '.prism/dev',
    help: 'Folder for dev state; the deployment file is <dataDir>/deployment.json.',
  },
  roundLength: { type: 'number', default: 50, help: 'Round length in blocks.' },
  blockTime: {
    type: 'number',
    default: 1,
    help: 'Seconds between mined blocks (rounds advance with blocks).',
  },
  serviceUri: {
    type: 'string',
    default: 'http://127.0.0.1:8935',
    help: 'Service URI registered for the local orchestrator.',
  },
  gateways: {
    type: 'number',
    default: 3,
    help: 'Dev gateway accounts funded with 1 ETH deposit + 1 ETH reserve.',
  },
  pricePerUnit: {
    type: 'string',
    default: '1',
    help: 'Price of the local orchestrator in wei per pixel (tickets are paid on the dev chain).',
  },
  ticketEV: {
    type: 'string',
    default: '999000000000000',
    help:
      'Expected value of a ticket of the local orchestrator, wei. With -maxFaceValue it sets the win ' +
      'probability: the dev default (0.000999 of a 0.001 ETH face value) wins 99.9% of the time, so a ' +
      'winning ticket is redeemed on chain within a minute of streaming (real networks: ~8 gwei, rare wins).',
  },
  maxFaceValue: {
    type: 'string',
    default: '1000000000000000',
    help: 'Face value of the local orchestrator’s tickets, wei (0.001 ETH: above the dev chain’s redemption gas).',
  },
  webPort: {
    type: 'number',
    default: 5173,
    help: 'Port of the web app (Vite dev server of apps/web) on 127.0.0.1; 0 = do not start it.',
  },
} as const

const SUMMARY =
  'Starts a local chain (anvil) with the Prism contracts, registers the local orchestrator, funds dev ' +
  'gateway accounts, advances rounds, writes the deployment file, then runs the local orchestrator ' +
  '(paid with tickets on the dev chain) and the web app.'

/** Runs `prism dev`; resolves with the exit code after SIGINT/SIGTERM. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, DEV_FLAGS)
  if (flags.help) {
    process.stdout.write(formatHelp('prism dev', SUMMARY, DEV_FLAGS))
    return 0
  }
  const out = (line: string) => process.stdout.write(`${line}\n`)
  // Signals are handled from the first moment: a Ctrl-C during start-up stops whatever has started
  // (anvil included: it runs in its own process group, so the terminal's SIGINT never reaches it).
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // Closed in reverse order on shutdown: whatever starts pushes its close here.
  const closers: Array<() => Promise<void>> = []
  const closeAll = async () => {
    for (const close of closers.reverse()) await close()
    closers.length = 0
  }
  try {
    return await runDev(flags, out, stop.signal, closers)
  } catch (err) {
    await closeAll()
    if (stop.signal.aborted) {
      out('prism dev: interrupted during start-up; stopped')
      return 130
    }
    throw err
  } finally {
    await closeAll()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

async function runDev(
  flags: ParsedFlags<typeof DEV_FLAGS>,
  out: (line: string) => void,
  signal: AbortSignal,
  closers: Array<() => Promise<void>>,
): Promise<number> {
  const dev = await runDevNetwork({
    signal,
    rpcPort: flags.rpcPort,
    dataDir: flags.dataDir,
    roundLength: flags.roundLength,
    blockTimeMs: Math.max(50, Math.round(flags.blockTime * 1000)),
    serviceUri: flags.serviceUri,
    gateways: flags.gateways,
    log: (line) => out(`prism dev: ${line}`),
  })
  closers.push(() => dev.close())

  const c = dev.deployment.contracts
  const a = dev.accounts
  out('prism dev: local chain ready')
  out(`  RPC URL          ${dev.rpcUrl}  (chain id ${dev.deployment.chainId})`)
  out(`  Controller       ${c.controller}`)
  out(`  LivepeerToken    ${c.livepeerToken}  (10000 dev LPT in each dev account)`)
  out(`  TicketBroker     ${c.ticketBroker}`)
  out(`  BondingManager   ${c.bondingManager}`)
  out(`  RoundsManager    ${c.roundsManager}`)
  out(`  ServiceRegistry  ${c.serviceRegistry}`)
  out(`  Minter           ${c.minter}`)
  out(`  orchestrator     ${a.orchestrator.address}  (service URI ${flags.serviceUri})`)
  for (const [i, g] of a.gateways.entries()) out(`  gateway ${i}        ${g.address}`)
  out(`  deployment file  ${dev.deploymentPath}`)
  out(`  rounds           ${flags.roundLength} blocks, a block every ${flags.blockTime} s`)

  // --- [orchestrator] the local orchestrator on the registered service URI, paid on the dev chain ---
  // the scheme comes along: http:// keeps the browser's plaintext address, https:// serves TLS
  const orchAddr = new URL(flags.serviceUri).origin
  const orch = await startOrchestratorFromFlags(
    parseFlags(
      [
        '-httpAddr',
        orchAddr,
        '-serviceAddr',
        orchAddr,
        '-dataDir',
        join(flags.dataDir, 'orchestrator'),
        '-ethKey',
        a.orchestrator.privateKey,
        '-deployment',
        dev.deploymentPath,
        '-pricePerUnit',
        flags.pricePerUnit,
        '-ticketEV',
        flags.ticketEV,
        '-maxFaceValue',
        flags.maxFaceValue,
      ],
      ORCHESTRATOR_FLAGS,
    ),
  )
  closers.push(() => orch.close())
  if (signal.aborted) throw new DevAbortedError()
  out(
    `  orchestrator URL ${orch.url}  (GET /info, POST /live/{stream}/whip; price ${flags.pricePerUnit} wei/pixel)`,
  )

  // --- [web] the web app (Vite dev server of apps/web, spawned: apps never import each other) ---
  if (flags.webPort > 0) {
    const web = await startWebApp(flags.webPort, resolve(dev.deploymentPath))
    closers.push(() => web.close())
    if (signal.aborted) throw new DevAbortedError()
    out(`  web app          ${web.url}  (dev wallet: "Connect Dev wallet")`)
  }

  out('prism dev: running; press Ctrl-C to stop')
  const reason = await new Promise<'signal' | 'anvil'>((resolve) => {
    if (signal.aborted) resolve('signal')
    signal.addEventListener('abort', () => resolve('signal'), { once: true })
    void dev.exited.then(() => resolve('anvil'))
  })
  if (reason === 'anvil') process.stderr.write('prism dev: anvil exited unexpectedly\n')
  for (const close of closers.reverse()) await close()
  closers.length = 0
  out('prism dev: stopped')
  return reason === 'anvil' ? 1 : 0
}

/**
 * Spawns the web app's Vite dev server (root vite.config.ts) on 127.0.0.1:`port`, serving the dev
 * deployment at /deployment.json; resolves once it answers. close() stops it and waits.
 */
async function startWebApp(
  port: number,
  deploymentPath: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const root = join(import.meta.dirname, '..', '..', '..', '..')
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: root,
      env: { ...process.env, PRISM_DEPLOYMENT: deploymentPath },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((r) => setTimeout(r, 100))
  }
  if (child.exitCode !== null) throw new Error(`the web app (vite) exited with code ${child.exitCode}`)
  return {
    url,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
