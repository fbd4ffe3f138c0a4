/**
 * Payment, settlement and reward flags of `prism orchestrator`, and the PaymentStack they build.
 * Payments are on when `-ethKey` (or `-ethKeyFile`) is set; without it the node serves for free
 * with the price it advertises in /info.
 */
import { readFileSync } from 'node:fs'
import { createChainClient, type Deployment, decodeDeployment, getNetwork } from '@prism/protocol'
import type { Hex } from 'viem'
import { type CapabilityPrice, PricePolicy } from '../orchestrator/payment/pricePolicy.ts'
import { createPaymentStack, type PaymentStack } from '../orchestrator/paymentStack.ts'
import { CliFlagInvalidError } from './errors.ts'

/** The flags (merged into ORCHESTRATOR_FLAGS). */
export const PAYMENT_FLAGS = {
  network: {
    type: 'string',
    default: 'dev',
    help: "Chain: 'dev' (with -deployment), 'arbitrum-one', or 'offchain' (no account, price or tickets; go-livepeer's off-chain mode).",
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
  ethKeyFile: { type: 'string', help: 'File holding the private key (mode 0600); preferred.' },
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
} as const

/** Parsed values of {@link PAYMENT_FLAGS} plus the shared price flags. */
export type PaymentFlagValues = {
  network: string
  deployment?: string | undefined
  ethUrl?: string | undefined
  ethKey?: string | undefined
  ethKeyFile?: string | undefined
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
 * Builds the PaymentStack from flags, or returns undefined when no key is set (payments off).
 *
 * @param pricePolicy - the node's price (shared with the server). Default: one from the flags.
 * @throws CliFlagInvalidError (`CLI_FLAG_INVALID`) for bad values; chain and store errors on start.
 * @example
 * const stack = await paymentStackFromFlags(flags, pricePolicyFromFlags(flags))
 */
export async function paymentStackFromFlags(
  flags: PaymentFlagValues,
  pricePolicy?: PricePolicy,
): Promise<PaymentStack | undefined> {
  const key = flags.ethKey ?? (flags.ethKeyFile ? readFileSync(flags.ethKeyFile, 'utf8').trim() : undefined)
  if (!key) return undefined
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new CliFlagInvalidError('-ethKey must be a 0x-prefixed 32-byte hex key')
  let deployment: Deployment | undefined
  if (flags.deployment) deployment = decodeDeployment(JSON.parse(readFileSync(flags.deployment, 'utf8')))
  const network = getNetwork(flags.network, deployment)
  const rpcUrl = flags.ethUrl ?? network.rpcUrl
  if (!rpcUrl) throw new CliFlagInvalidError('-ethUrl is required for this network')
  const client = createChainClient({ network, rpcUrl, account: key as Hex })
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
  })
}
