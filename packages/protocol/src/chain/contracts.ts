/**
 * The Prism dev-chain contracts as deployable artifacts (ABI + creation bytecode) and the
 * Controller ids under which they find each other.
 */
import { type Hex, keccak256, stringToBytes } from 'viem'
import {
  bondingManagerAbi,
  controllerAbi,
  livepeerTokenAbi,
  minterAbi,
  roundsManagerAbi,
  serviceRegistryAbi,
  ticketBrokerAbi,
} from './abis.ts'
import { contractBytecode } from './bytecode.ts'

/** Keys of the contract addresses in a deployment or network preset. */
export type ContractKey =
  | 'controller'
  | 'livepeerToken'
  | 'ticketBroker'
  | 'bondingManager'
  | 'roundsManager'
  | 'serviceRegistry'
  | 'minter'

/** Contract name as registered in the Controller (`keccak256(name)`), e.g. `TicketBroker`. */
export type ContractName = keyof typeof contractBytecode

/**
 * Deployable artifacts of the Prism dev-chain contracts, in deployment order. Constructor
 * arguments: Controller `()`, LivepeerToken `(controller)`, RoundsManager `(controller,
 * roundLength, roundLockAmount)`, BondingManager `(controller, numActiveTranscoders,
 * unbondingPeriod)`, Minter `(controller, inflation, inflationChange, targetBondingRate)`,
 * TicketBroker `(controller, unlockPeriod, ticketValidityPeriod)`, ServiceRegistry `(controller)`.
 *
 * @example
 * const hash = await wallet.deployContract({ ...contractArtifacts.controller, args: [] })
 */
export const contractArtifacts = {
  controller: { name: 'Controller', abi: controllerAbi, bytecode: contractBytecode.Controller },
  livepeerToken: { name: 'LivepeerToken', abi: livepeerTokenAbi, bytecode: contractBytecode.LivepeerToken },
  roundsManager: { name: 'RoundsManager', abi: roundsManagerAbi, bytecode: contractBytecode.RoundsManager },
  bondingManager: {
    name: 'BondingManager',
    abi: bondingManagerAbi,
    bytecode: contractBytecode.BondingManager,
  },
  minter: { name: 'Minter', abi: minterAbi, bytecode: contractBytecode.Minter },
  ticketBroker: { name: 'TicketBroker', abi: ticketBrokerAbi, bytecode: contractBytecode.TicketBroker },
  serviceRegistry: {
    name: 'ServiceRegistry',
    abi: serviceRegistryAbi,
    bytecode: contractBytecode.ServiceRegistry,
  },
} as const satisfies Record<ContractKey, { name: ContractName; abi: readonly unknown[]; bytecode: Hex }>

/**
 * Controller id of a contract: `keccak256(name)`, as Livepeer's Controller uses.
 *
 * @example
 * contractId('TicketBroker') // '0x…'
 */
export function contractId(name: ContractName): Hex {
  return keccak256(stringToBytes(name))
}
