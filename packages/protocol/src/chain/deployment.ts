/**
 * The deployment file written by `prism dev` (default `.prism/dev/deployment.json`): where the
 * local chain listens and where its contracts live. The node and the web app read it.
 */
import type { Address, Hex } from 'viem'
import { z } from 'zod'
import { ChainDeploymentInvalidError } from './errors.ts'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 0x-prefixed 32-byte private key')
const account = z.object({ address, privateKey })

/** zod schema of {@link Deployment}. */
export const deploymentSchema = z.object({
  network: z.literal('dev'),
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url(),
  contracts: z.object({
    controller: address,
    livepeerToken: address,
    ticketBroker: address,
    bondingManager: address,
    roundsManager: address,
    serviceRegistry: address,
    minter: address,
  }),
  roundLength: z.number().int().positive(),
  accounts: z
    .object({
      deployer: account,
      orchestrator: account,
      orchestrators: z.array(account),
      gateways: z.array(account),
    })
    .optional(),
})

/** A deterministic dev account (anvil's test mnemonic): never use these keys on a real network. */
export type DevAccount = { address: Address; privateKey: Hex }

/** Accounts of a dev deployment. */
export type DevAccounts = {
  /** Owns the Controller, deployed the contracts, initializes rounds. Anvil index 0. */
  deployer: DevAccount
  /** The local orchestrator: registered, active, service URI set. Anvil index 1 (= orchestrators[0]). */
  orchestrator: DevAccount
  /** Every orchestrator registered at start (index 1, 2, …). */
  orchestrators: DevAccount[]
  /** Gateway (ticket sender) accounts, deposit and reserve funded at start. */
  gateways: DevAccount[]
}

/** Addresses of the contracts a node uses. */
export type ContractAddresses = {
  controller: Address
  /** LPT (ERC-20): bonded stake and rewards. */
  livepeerToken: Address
  ticketBroker: Address
  bondingManager: Address
  roundsManager: Address
  serviceRegistry: Address
  minter: Address
}

/** A local dev-chain deployment, as written by `prism dev`. */
export type Deployment = {
  network: 'dev'
  chainId: number
  rpcUrl: string
  contracts: ContractAddresses
  /** Round length in blocks. */
  roundLength: number
  accounts?: DevAccounts
}

/**
 * Validates a parsed deployment file (`JSON.parse` output) and returns it typed.
 *
 * @throws ChainDeploymentInvalidError (`CHAIN_DEPLOYMENT_INVALID`) when a field is missing or malformed.
 * @example
 * const deployment = decodeDeployment(JSON.parse(await readFile('.prism/dev/deployment.json', 'utf8')))
 */
export function decodeDeployment(json: unknown): Deployment {
  const parsed = deploymentSchema.safeParse(json)
  if (!parsed.success)
    throw new ChainDeploymentInvalidError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    )
  return parsed.data as Deployment
}
