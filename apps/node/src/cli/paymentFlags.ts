/**
 * Payment, settlement and reward flags of `prism orchestrator`, and the PaymentStack they build.
 * The account comes from an encrypted keystore (`-ethKeystorePath` + `-ethPassword` file), a key
 * file (`-ethKeyFile`) or `-ethKey`. A paid network (dev, arbitrum-one) without an account refuses
 * to start (CHAIN_KEY_MISSING); `-network offchain` (the default when no account is given) serves
 * for free with the price it advertises in /info. On start the RPC's chain id is checked against
 * the network and the orchestrator's registration is reported (with what to do when inactive).
 */
import { readFileSync } from 'node:fs'
import {
  createChainClient,
  type Deployment,
  decodeDeployment,
  getNetwork,
  isBaseError,
  type Network,
  resolveControllerContracts,
} from '@prism/protocol'
import { type Address, getAddress, type Hex, isAddress, zeroAddress } from 'viem'
import { ChainKeyMissingError, KeystoreInvalidError } from '../chain/errors.ts'
import { unlockKeystore } from '../chain/keystore.ts'
import { orchestratorStartupChecks } from '../chain/startupChecks.ts'
import { logger } from '../lib/logger.ts'
import { type CapabilityPrice, PricePolicy } from '../orchestrator/payment/pricePolicy.ts'
import { createPaymentStack, type PaymentStack } from '../orchestrator/paymentStack.ts'
import { CliFlagInvalidError } from './errors.ts'

/** The flags (merged into ORCHESTRATOR_FLAGS). */
export const PAYMENT_FLAGS = {
  network: {
    type: 'string',
    help: "Chain: 'dev' (with -deployment), 'arbitrum-one' (alias 'arbitrum-one-mainnet'), or 'offchain' (no account, price or tickets; go-livepeer's off-chain mode). Default: dev when an account or -deployment is given, else offchain. A paid network refuses to start without an account.",
  },
  deployment: {
    type: 'string',
    help: 'Dev deployment file written by `prism dev` (<dataDir>/deployment.json): RPC URL and contract addresses.',
  },
  ethUrl: { type: 'string', help: 'Ethereum JSON-RPC URL. Default: the deployment file’s RPC URL.' },
  ethKey: {
    type: 'string',
    help: 'Orchestrator private key (0x…): turns payments on (ticket params, validation, redemption, reward). Shows in the process list: prefer -ethKeyFile.',
  },
  ethKeyFile: { type: 'string', help: 'File holding the private key (mode 0600).' },
  ethKeystorePath: {
    type: 'string',
    help: 'Encrypted JSON keystore (geth / go-livepeer format), or a folder of them (picked by -ethAcctAddr): the orchestrator account. Preferred.',
  },
  ethPassword: {
    type: 'string',
    help: 'File holding the keystore password (first line; never the password itself, which would show in the process list).',
  },
  ethController: {
    type: 'string',
    help: "Controller address: the other contracts are resolved through its registry (getContract(keccak256(name))), as go-livepeer's. Default: the network's addresses.",
  },
  autoAdjustPrice: {
    type: 'boolean',
    default: true,
    help: 'Raise the quoted price by the redemption overhead (1 + txCost/faceValue).',
  },
  pricePerCapability: {
    type: 'string',
    help: 'JSON list of per-pipeline prices: [{"capability":35,"modelId":"m","pricePerUnit":"1","pixelsPerUnit":"1"}].',
  },
  ticketEV: { type: 'string', default: '8000000000', help: 'Target expected value per ticket, wei.' },
  maxFaceValue: { type: 'string', default: '0', help: 'Cap on ticket face value, wei (0 = none).' },
  redeemGas: {
    type: 'string',
    help: 'Gas one redemption costs. Default: 350000 on dev, 1200000 on arbitrum-one.',
  },
  txCostMultiplier: { type: 'string', default: '100', help: 'faceValue = redeemGas × gas price × this.' },
  prepaySeconds: {
    type: 'number',
    default: 60,
    help: 'Seconds of expected output a gateway must prepay before media starts.',
  },
  paymentGraceSeconds: {
    type: 'number',
    default: 10,
    help: 'Seconds a session may stay below zero balance before output pauses.',
  },
  paymentCloseSeconds: {
    type: 'number',
    default: 30,
    help: 'Seconds a paused, unpaid session waits before it is closed.',
  },
  reward: { type: 'boolean', default: true, help: 'Call reward() once per round while active.' },
  autoWithdrawFees: {
    type: 'string',
    default: '0',
    help: "Withdraw the node's fees from the BondingManager (withdrawFees) once they reach this many wei; 0 = never (use `prism chain withdrawFees`).",
  },
  feeRecipient: { type: 'string', help: "Address withdrawn fees go to. Default: the node's own." },
} as const

/** Parsed values of {@link PAYMENT_FLAGS} plus the shared price flags. */
export type PaymentFlagValues = {
  network?: string | undefined
  deployment?: string | undefined
  ethUrl?: string | undefined
  ethKey?: string | undefined
  ethKeyFile?: string | undefined
  ethKeystorePath?: string | undefined
  ethPassword?: string | undefined
  ethController?: string | undefined
  /** `-ethAcctAddr`: picks the keystore in a folder; 0x0 = unset. */
  ethAcctAddr?: string | undefined
  autoAdjustPrice: boolean
  pricePerCapability?: string | undefined
  ticketEV: string
  maxFaceValue: string
  redeemGas?: string | undefined
  txCostMultiplier: string
  prepaySeconds: number
  paymentGraceSeconds: number
  paymentCloseSeconds: number
  reward: boolean
  autoWithdrawFees?: string | undefined
  feeRecipient?: string | undefined
  pricePerUnit: string
  pixelsPerUnit: string
  dataDir: string
}

function big(name: string, v: string, min = 0n): bigint {
  if (!/^[0-9]+$/.test(v.trim()))
    throw new CliFlagInvalidError(`-${name} expects a non-negative integer, got "${v}"`)
  const n = BigInt(v.trim())
  if (n < min) throw new CliFlagInvalidError(`-${name} must be ≥ ${min}`)
  return n
}

function capabilityPrices(json: string | undefined): CapabilityPrice[] {
  if (!json) return []
  let list: unknown
  try {
    list = JSON.parse(json)
  } catch {
    throw new CliFlagInvalidError('-pricePerCapability is not valid JSON')
  }
  if (!Array.isArray(list)) throw new CliFlagInvalidError('-pricePerCapability must be a JSON list')
  return list.map((e: Record<string, unknown>) => ({
    capability: typeof e.capability === 'number' ? e.capability : String(e.capability ?? e.pipeline),
    ...(e.modelId !== undefined ? { modelId: String(e.modelId) } : {}),
    pricePerUnit: big('pricePerCapability pricePerUnit', String(e.pricePerUnit ?? '')),
    pixelsPerUnit: big('pricePerCapability pixelsPerUnit', String(e.pixelsPerUnit ?? '1'), 1n),
  }))
}

/**
 * The node's one PricePolicy from `-pricePerUnit`, `-pixelsPerUnit`, `-autoAdjustPrice` and
 * `-pricePerCapability` (paid or not, `/info` and `/admin/price` use it).
 *
 * @throws CliFlagInvalidError (`CLI_FLAG_INVALID`) for bad values.
 * @example
 * const policy = pricePolicyFromFlags(flags)
 */
export function pricePolicyFromFlags(
  flags: Pick<PaymentFlagValues, 'pricePerUnit' | 'pixelsPerUnit' | 'autoAdjustPrice' | 'pricePerCapability'>,
): PricePolicy {
  return new PricePolicy({
    pricePerUnit: big('pricePerUnit', flags.pricePerUnit),
    pixelsPerUnit: big('pixelsPerUnit', flags.pixelsPerUnit, 1n),
    autoAdjustPrice: flags.autoAdjustPrice,
    capabilityPrices: capabilityPrices(flags.pricePerCapability),
  })
}

/**
 * The network a node runs on: `-network`, else `dev` when an account or a deployment file is
 * given, else `offchain` (go-livepeer's default).
 *
 * @example
 * resolveNetworkName({ ethKeyFile: 'orch.key' }) // 'dev'
 */
export function resolveNetworkName(
  flags: Pick<PaymentFlagValues, 'network' | 'ethKey' | 'ethKeyFile' | 'ethKeystorePath' | 'deployment'>,
): string {
  if (flags.network) return flags.network
  return flags.ethKey || flags.ethKeyFile || flags.ethKeystorePath || flags.deployment ? 'dev' : 'offchain'
}

/**
 * The orchestrator's private key from `-ethKeystorePath` + `-ethPassword`, `-ethKeyFile` or
 * `-ethKey` (in that order); undefined when none is given.
 *
 * @throws KeystoreInvalidError (`KEYSTORE_INVALID`), KeystoreUnlockFailedError
 *   (`KEYSTORE_UNLOCK_FAILED`), CliFlagInvalidError (`CLI_FLAG_INVALID`) for a malformed key.
 * @example
 * const key = await orchestratorKey({ ethKeystorePath: 'ks.json', ethPassword: 'pw.txt' })
 */
export async function orchestratorKey(
  flags: Pick<PaymentFlagValues, 'ethKey' | 'ethKeyFile' | 'ethKeystorePath' | 'ethPassword' | 'ethAcctAddr'>,
): Promise<Hex | undefined> {
  if (flags.ethKeystorePath) {
    if (!flags.ethPassword)
      throw new KeystoreInvalidError('-ethKeystorePath needs -ethPassword <file holding the password>')
    const address =
      flags.ethAcctAddr && isAddress(flags.ethAcctAddr) && getAddress(flags.ethAcctAddr) !== zeroAddress
        ? (getAddress(flags.ethAcctAddr) as Address)
        : undefined
    const account = await unlockKeystore({
      path: flags.ethKeystorePath,
      passwordFile: flags.ethPassword,
      address,
    })
    return account.privateKey
  }
  const key = flags.ethKey ?? (flags.ethKeyFile ? readFileSync(flags.ethKeyFile, 'utf8').trim() : undefined)
  if (key === undefined) return undefined
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new CliFlagInvalidError('-ethKey must be a 0x-prefixed 32-byte hex key')
  return key as Hex
}

/**
 * Builds the PaymentStack from flags, or returns undefined on `-network offchain` (payments off).
 *
 * @param pricePolicy - the node's price (shared with the server). Default: one from the flags.
 * @throws ChainKeyMissingError (`CHAIN_KEY_MISSING`) on a paid network without an account;
 *   ChainIdMismatchError (`CHAIN_ID_MISMATCH`) when the RPC serves another chain; the keystore
 *   errors; CliFlagInvalidError (`CLI_FLAG_INVALID`) for bad values; chain and store errors on start.
 * @example
 * const stack = await paymentStackFromFlags(flags, pricePolicyFromFlags(flags))
 */
export async function paymentStackFromFlags(
  flags: PaymentFlagValues,
  pricePolicy?: PricePolicy,
): Promise<PaymentStack | undefined> {
  const name = resolveNetworkName(flags)
  if (name === 'offchain') return undefined
  const key = await orchestratorKey(flags)
  if (!key) throw new ChainKeyMissingError(name)
  let deployment: Deployment | undefined
  if (flags.deployment) deployment = decodeDeployment(JSON.parse(readFileSync(flags.deployment, 'utf8')))
  let network: Network = getNetwork(name, deployment)
  const rpcUrl = flags.ethUrl ?? network.rpcUrl
  if (!rpcUrl) throw new CliFlagInvalidError('-ethUrl is required for this network')
  if (flags.ethController) {
    if (!isAddress(flags.ethController))
      throw new CliFlagInvalidError(`-ethController must be an address, got "${flags.ethController}"`)
    const contracts = await resolveControllerContracts(createChainClient({ network, rpcUrl }), {
      controller: getAddress(flags.ethController),
    })
    network = { ...network, contracts }
  }
  const client = createChainClient({ network, rpcUrl, account: key })
  const address = client.wallet!.account!.address
  try {
    const status = await orchestratorStartupChecks(client, { network, address })
    if (status.advice) logger.warn(status.advice)
    else logger.info(`orchestrator ${address} is active in round ${status.round} on ${network.name}`)
  } catch (err) {
    // a wrong chain is fatal; an RPC that does not answer yet is not (the chain view retries)
    if (!isBaseError(err) || err.code !== 'CHAIN_RPC_UNAVAILABLE') throw err
    logger.warn(
      `cannot check the chain at ${rpcUrl} now (${err.shortMessage}); payments start when it answers`,
    )
  }
  return createPaymentStack({
    client,
    dataDir: flags.dataDir,
    price: pricePolicy ?? pricePolicyFromFlags(flags),
    payments: {
      ticketEV: big('ticketEV', flags.ticketEV, 1n),
      maxFaceValue: big('maxFaceValue', flags.maxFaceValue),
      txCostMultiplier: big('txCostMultiplier', flags.txCostMultiplier, 1n),
      ...(flags.redeemGas ? { redeemGas: big('redeemGas', flags.redeemGas, 1n) } : {}),
      prepaySeconds: flags.prepaySeconds,
      graceSeconds: flags.paymentGraceSeconds,
      closeAfterSeconds: flags.paymentCloseSeconds,
    },
    reward: flags.reward,
    autoWithdrawFees: big('autoWithdrawFees', flags.autoWithdrawFees ?? '0'),
    ...(flags.feeRecipient ? { feeRecipient: feeRecipient(flags.feeRecipient) } : {}),
  })
}

function feeRecipient(value: string): Address {
  if (!isAddress(value)) throw new CliFlagInvalidError(`-feeRecipient must be an address, got "${value}"`)
  return getAddress(value)
}
