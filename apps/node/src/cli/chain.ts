/**
 * The `prism chain <command>` role: an operator's chain tools (go-livepeer's livepeer_cli menu as
 * subcommands), each a thin composition over the @prism/protocol chain actions on the node's
 * account (-ethKeystorePath + -ethPassword, -ethKeyFile or -ethKey) and network (-network,
 * -deployment, -ethUrl, -ethController, as `prism orchestrator`).
 *
 *   status                                round, stake, pending fees, active, deposit and reserve
 *   bond -amount <LPT> [-to <addr>]       bond LPT (to itself by default: an orchestrator)
 *   unbond -amount <LPT>                  start unbonding (an unbonding lock)
 *   rebond -lock <id> [-to <addr>]        bond a lock again (-to when nothing is bonded)
 *   withdrawStake -lock <id>              take a lock's LPT once its round has come
 *   transcoder -rewardCut <%> -feeShare <%>   set reward cut and fee share (percent)
 *   serviceUri -uri <url>                 publish the service URI
 *   withdrawFees [-recipient <addr>] [-amount <ETH>]   withdraw fees (all by default)
 *   claim                                 claim earnings into stake and fees
 *   reward                                call reward() for this round
 *   fund -deposit <ETH> -reserve <ETH>    gateway: fund deposit and reserve
 *   unlock | cancelUnlock | withdraw      gateway: unlock, cancel it, withdraw after the period
 */
import { readFileSync } from 'node:fs'
import {
  bond,
  type ChainClient,
  cancelUnlock,
  claimEarnings,
  createChainClient,
  type Deployment,
  decodeDeployment,
  fundDepositAndReserve,
  getBalance,
  getDelegator,
  getLptBalance,
  getNetwork,
  getPendingFees,
  getPendingStake,
  getRoundInfo,
  getSenderInfo,
  getServiceUri,
  getTranscoder,
  getTranscoderTotalStake,
  getUnbondingLocks,
  isActiveTranscoder,
  isRegisteredTranscoder,
  type Network,
  rebond,
  resolveControllerContracts,
  reward,
  setServiceUri,
  setTranscoderParams,
  unbond,
  unlock,
  verifyChainId,
  withdraw,
  withdrawFees,
  withdrawStake,
} from '@prism/protocol'
import { type Address, formatEther, getAddress, isAddress, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { DEFAULT_DEPLOYMENT_PATH } from '../chain/loadDeployment.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, parseFlags } from './flags.ts'
import { orchestratorKey, resolveNetworkName } from './paymentFlags.ts'

/** Flags of `prism chain` (every command reads the ones it needs). */
export const CHAIN_FLAGS = {
  network: {
    type: 'string',
    help: "'dev' (default; with -deployment) or 'arbitrum-one' (alias 'arbitrum-one-mainnet').",
  },
  deployment: {
    type: 'string',
    help: `Dev deployment file. Default: ${DEFAULT_DEPLOYMENT_PATH} on the dev network.`,
  },
  ethUrl: { type: 'string', help: 'JSON-RPC URL. Default: the deployment file’s.' },
  ethKeystorePath: {
    type: 'string',
    help: 'Encrypted JSON keystore (or a folder of them, with -ethAcctAddr).',
  },
  ethPassword: { type: 'string', help: 'File holding the keystore password.' },
  ethKeyFile: { type: 'string', help: 'File holding the private key (mode 0600).' },
  ethKey: { type: 'string', help: 'Private key (shows in the process list: prefer the keystore).' },
  ethAcctAddr: { type: 'string', help: 'Account to pick in a keystore folder.' },
  ethController: { type: 'string', help: 'Controller address: contracts resolved through its registry.' },
  address: { type: 'string', help: 'status: the account to show. Default: the key’s.' },
  amount: { type: 'string', help: 'bond/unbond: LPT; withdrawFees: ETH (decimal, e.g. 1.5).' },
  to: { type: 'string', help: 'bond/rebond: the orchestrator. Default (bond): the account itself.' },
  lock: { type: 'string', help: 'rebond/withdrawStake: the unbonding lock id.' },
  rewardCut: { type: 'string', help: 'transcoder: share of rewards kept, percent (e.g. 10).' },
  feeShare: { type: 'string', help: 'transcoder: share of fees given to delegators, percent (e.g. 50).' },
  uri: { type: 'string', help: 'serviceUri: the public URL, e.g. https://host:8935.' },
  recipient: { type: 'string', help: 'withdrawFees: where the ETH goes. Default: the account.' },
  deposit: { type: 'string', help: 'fund: deposit, ETH.' },
  reserve: { type: 'string', help: 'fund: reserve, ETH.' },
  json: { type: 'boolean', default: false, help: 'Print the result as JSON.' },
} as const

type ChainFlags = ReturnType<typeof parseFlags<typeof CHAIN_FLAGS>>

/** What a command has: the client, the account (if a key was given) and the network. */
type Ctx = { client: ChainClient; account: Address | undefined; network: Network; flags: ChainFlags }

type Command = { summary: string; run: (ctx: Ctx) => Promise<Record<string, unknown>> }

function need(flags: ChainFlags, name: keyof typeof CHAIN_FLAGS): string {
  const v = flags[name]
  if (typeof v !== 'string' || v === '') throw new CliFlagInvalidError(`-${name} is required`)
  return v
}

function address(name: string, v: string): Address {
  if (!isAddress(v)) throw new CliFlagInvalidError(`-${name} must be an address, got "${v}"`)
  return getAddress(v)
}

function ether(name: string, v: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(v))
    throw new CliFlagInvalidError(`-${name} must be a decimal amount, got "${v}"`)
  return parseEther(v)
}

/** Percent (up to 4 decimals) to parts per million, as the contracts take it. */
function ppm(name: string, v: string): bigint {
  if (!/^\d+(\.\d{1,4})?$/.test(v) || Number(v) > 100)
    throw new CliFlagInvalidError(`-${name} must be a percentage from 0 to 100, got "${v}"`)
  const [int, frac = ''] = v.split('.')
  return BigInt(int!) * 10_000n + BigInt(frac.padEnd(4, '0'))
}

function lockId(flags: ChainFlags): bigint {
  const v = need(flags, 'lock')
  if (!/^\d+$/.test(v)) throw new CliFlagInvalidError(`-lock must be a lock id, got "${v}"`)
  return BigInt(v)
}

function self(ctx: Ctx): Address {
  if (!ctx.account)
    throw new CliFlagInvalidError(
      'this command sends a transaction: give -ethKeystorePath and -ethPassword (or -ethKeyFile)',
    )
  return ctx.account
}

const COMMANDS: Record<string, Command> = {
  status: {
    summary: 'round, LPT, stake, pending fees, orchestrator and gateway state of an account',
    run: async (ctx) => {
      const who = ctx.flags.address ? address('address', ctx.flags.address) : self(ctx)
      const c = ctx.client
      const [round, eth, lpt, delegator, stake, fees, registered, active, locks, sender] = await Promise.all([
        getRoundInfo(c),
        getBalance(c, { address: who }),
        getLptBalance(c, { address: who }),
        getDelegator(c, { delegator: who }),
        getPendingStake(c, { delegator: who }),
        getPendingFees(c, { delegator: who }),
        isRegisteredTranscoder(c, { address: who }),
        isActiveTranscoder(c, { address: who }),
        getUnbondingLocks(c, { delegator: who }),
        getSenderInfo(c, { sender: who }),
      ])
      const orchestrator = registered
        ? await Promise.all([
            getTranscoder(c, { address: who }),
            getTranscoderTotalStake(c, { address: who }),
            getServiceUri(c, { address: who }),
          ]).then(([t, totalStake, serviceUri]) => ({
            active,
            totalStake,
            rewardCut: t.rewardCut,
            feeShare: t.feeShare,
            lastRewardRound: t.lastRewardRound,
            serviceUri,
          }))
        : null
      return {
        address: who,
        network: ctx.network.name,
        round: round.currentRound,
        roundInitialized: round.currentRoundInitialized,
        eth,
        lpt,
        delegate: delegator.delegateAddress,
        delegatorStatus: delegator.status,
        bondedAmount: delegator.bondedAmount,
        pendingStake: stake,
        pendingFees: fees,
        unbondingLocks: locks,
        orchestrator,
        gateway: {
          deposit: sender.deposit,
          reserve: sender.reserve.fundsRemaining,
          withdrawRound: sender.withdrawRound,
        },
      }
    },
  },
  bond: {
    summary: 'bond LPT (-amount) to -to (default: itself)',
    run: async (ctx) => {
      const to = ctx.flags.to ? address('to', ctx.flags.to) : self(ctx)
      const amount = ether('amount', need(ctx.flags, 'amount'))
      return { ...(await bond(ctx.client, { amount, to })), amount, to }
    },
  },
  unbond: {
    summary: 'unbond -amount LPT into an unbonding lock',
    run: async (ctx) => ({
      ...(await unbond(ctx.client, { amount: ether('amount', need(ctx.flags, 'amount')) })),
    }),
  },
  rebond: {
    summary: 'bond unbonding lock -lock again (-to when nothing is bonded)',
    run: async (ctx) => ({
      ...(await rebond(ctx.client, {
        unbondingLockId: lockId(ctx.flags),
        to: ctx.flags.to ? address('to', ctx.flags.to) : undefined,
      })),
    }),
  },
  withdrawStake: {
    summary: 'withdraw the LPT of unbonding lock -lock',
    run: async (ctx) => ({ ...(await withdrawStake(ctx.client, { unbondingLockId: lockId(ctx.flags) })) }),
  },
  transcoder: {
    summary: 'set -rewardCut and -feeShare (percent)',
    run: async (ctx) => {
      const rewardCut = ppm('rewardCut', need(ctx.flags, 'rewardCut'))
      const feeShare = ppm('feeShare', need(ctx.flags, 'feeShare'))
      return { ...(await setTranscoderParams(ctx.client, { rewardCut, feeShare })), rewardCut, feeShare }
    },
  },
  serviceUri: {
    summary: 'publish -uri as the service URI',
    run: async (ctx) => ({ ...(await setServiceUri(ctx.client, { uri: need(ctx.flags, 'uri') })) }),
  },
  withdrawFees: {
    summary: 'withdraw fees (-amount ETH, default all) to -recipient (default: itself)',
    run: async (ctx) => {
      const recipient = ctx.flags.recipient ? address('recipient', ctx.flags.recipient) : self(ctx)
      const amount = ctx.flags.amount ? ether('amount', ctx.flags.amount) : undefined
      const r = await withdrawFees(ctx.client, { recipient, amount })
      return r ? { ...r } : { amount: 0n, recipient, note: 'no fees to withdraw' }
    },
  },
  claim: {
    summary: 'claim earnings into bonded stake and fees',
    run: async (ctx) => ({ ...(await claimEarnings(ctx.client)) }),
  },
  reward: {
    summary: "call reward() for this round (the node's -reward does it every round)",
    run: async (ctx) => ({ ...(await reward(ctx.client)) }),
  },
  fund: {
    summary: 'gateway: fund -deposit and -reserve (ETH)',
    run: async (ctx) => ({
      ...(await fundDepositAndReserve(ctx.client, {
        deposit: ether('deposit', need(ctx.flags, 'deposit')),
        reserve: ether('reserve', need(ctx.flags, 'reserve')),
      })),
    }),
  },
  unlock: {
    summary: 'gateway: start unlocking deposit and reserve',
    run: async (ctx) => ({ ...(await unlock(ctx.client)) }),
  },
  cancelUnlock: {
    summary: 'gateway: cancel the unlock',
    run: async (ctx) => ({ ...(await cancelUnlock(ctx.client)) }),
  },
  withdraw: {
    summary: 'gateway: withdraw deposit and reserve after the unlock period',
    run: async (ctx) => ({ ...(await withdraw(ctx.client)) }),
  },
}

/** Builds the client of the flags: network, deployment, Controller, account; checks the chain id. */
async function contextFrom(flags: ChainFlags): Promise<Ctx> {
  const name = flags.network ?? 'dev'
  if (resolveNetworkName({ ...flags, network: name }) === 'offchain')
    throw new CliFlagInvalidError('prism chain needs a chain: -network dev or arbitrum-one')
  let deployment: Deployment | undefined
  if (name === 'dev') {
    const path = flags.deployment ?? DEFAULT_DEPLOYMENT_PATH
    deployment = decodeDeployment(JSON.parse(readFileSync(path, 'utf8')))
  }
  let network = getNetwork(name, deployment)
  const rpcUrl = flags.ethUrl ?? network.rpcUrl
  if (!rpcUrl) throw new CliFlagInvalidError('-ethUrl is required for this network')
  if (flags.ethController) {
    const contracts = await resolveControllerContracts(createChainClient({ network, rpcUrl }), {
      controller: address('ethController', flags.ethController),
    })
    network = { ...network, contracts }
  }
  const key = await orchestratorKey(flags)
  const client = createChainClient({ network, rpcUrl, ...(key ? { account: key } : {}) })
  await verifyChainId(client, { expected: network.chainId, network: network.name })
  return { client, account: key ? privateKeyToAccount(key).address : undefined, network, flags }
}

/** JSON with bigints as decimal strings. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)
}

/** Human lines: amounts of 18 decimals as LPT/ETH, the rest as they are. */
function toLines(value: Record<string, unknown>, indent = ''): string[] {
  const lines: string[] = []
  for (const [k, v] of Object.entries(value)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      lines.push(`${indent}${k}:`, ...toLines(v as Record<string, unknown>, `${indent}  `))
    } else if (Array.isArray(v)) {
      lines.push(`${indent}${k}: ${v.length === 0 ? '(none)' : toJson(v).replace(/\s+/g, ' ')}`)
    } else if (typeof v === 'bigint' && /amount|stake|fees|lpt|eth|deposit|reserve/i.test(k)) {
      lines.push(`${indent}${k}: ${formatEther(v)}`)
    } else {
      lines.push(`${indent}${k}: ${String(v)}`)
    }
  }
  return lines
}

/**
 * Runs `prism chain <command> [flags]`; `write` receives the output.
 *
 * @returns the exit code (0 ok, 2 usage).
 * @example
 * await runChain(['status', '-deployment', '.prism/dev/deployment.json', '-address', '0x…'])
 */
export async function runChain(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)) {
  const [name, ...rest] = argv
  const command = name ? COMMANDS[name] : undefined
  if (!command || name === 'help') {
    const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`)
    write(
      [
        formatHelp('prism chain <command>', "The operator's chain tools.", CHAIN_FLAGS).trimEnd(),
        '',
        'Commands:',
        ...list,
        '',
      ].join('\n'),
    )
    return name && name !== 'help' && name !== '--help' && name !== '-h' ? 2 : 0
  }
  const flags = parseFlags(rest, CHAIN_FLAGS)
  const result = await command.run(await contextFrom(flags))
  write(flags.json ? `${toJson(result)}\n` : `${toLines(result).join('\n')}\n`)
  return 0
}

/** Runs `prism chain …`; returns the exit code. */
export function run(argv: string[]): Promise<number> {
  return runChain(argv)
}
