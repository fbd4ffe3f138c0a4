import { type Address, getAddress, zeroAddress } from 'viem'
import { controllerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { guardChainCall } from '../contractCall.ts'
import { contractId } from '../contracts.ts'
import type { ContractAddresses } from '../deployment.ts'
import { ChainContractMissingError, type ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link resolveControllerContracts}. */
export type ResolveControllerContractsParameters = { controller: Address }
/** The addresses registered in the Controller (proxies on Livepeer's deployments). */
export type ResolveControllerContractsReturnType = ContractAddresses
/** Errors of {@link resolveControllerContracts}. */
export type ResolveControllerContractsErrorType = ChainContractMissingError | ChainReadErrorType

/** Contract keys and the names they are registered under (`keccak256(name)`), as Livepeer's. */
const NAMES = {
  livepeerToken: 'LivepeerToken',
  ticketBroker: 'TicketBroker',
  bondingManager: 'BondingManager',
  roundsManager: 'RoundsManager',
  serviceRegistry: 'ServiceRegistry',
  minter: 'Minter',
} as const

/**
 * Resolves the contract addresses through a Controller's registry
 * (`getContract(keccak256(name))`), as go-livepeer does with `-ethController`. Only the public
 * client is used: the result becomes the client's `contracts`.
 *
 * @throws ChainContractMissingError (`CHAIN_CONTRACT_MISSING`) when a name is not registered.
 * @example
 * const contracts = await resolveControllerContracts(client, { controller: '0xD8E8…' })
 */
export async function resolveControllerContracts(
  client: Pick<ChainClient, 'public'>,
  params: ResolveControllerContractsParameters,
): Promise<ResolveControllerContractsReturnType> {
  const c = client as ChainClient
  const entries = await Promise.all(
    Object.entries(NAMES).map(async ([key, name]) => {
      const address = await guardChainCall(c, `getContract(${name})`, () =>
        client.public.readContract({
          address: params.controller,
          abi: controllerAbi,
          functionName: 'getContract',
          args: [contractId(name)],
        }),
      )
      if (address === zeroAddress)
        throw new ChainContractMissingError(`the Controller at ${params.controller}`, name)
      return [key, getAddress(address)] as const
    }),
  )
  return { controller: getAddress(params.controller), ...Object.fromEntries(entries) } as ContractAddresses
}
