/**
 * The compiled ABIs keep Livepeer's function selectors and event topics (docs/protocol.md §4.5), so the
 * same client code talks to Prism's dev contracts and to Livepeer's contracts on Arbitrum One.
 */
import { type Abi, type AbiEvent, type AbiFunction, toEventSelector, toFunctionSelector } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  bondingManagerAbi,
  controllerAbi,
  roundsManagerAbi,
  serviceRegistryAbi,
  ticketBrokerAbi,
} from './abis.ts'

const FUNCTIONS: [Abi, string, string][] = [
  [ticketBrokerAbi, 'fundDeposit', '6caa736b'],
  [ticketBrokerAbi, 'fundReserve', '6f9c3c8f'],
  [ticketBrokerAbi, 'fundDepositAndReserve', '511f4073'],
  [ticketBrokerAbi, 'fundDepositAndReserveFor', '989f789c'],
  [ticketBrokerAbi, 'redeemWinningTicket', 'ec8b3cb6'],
  [ticketBrokerAbi, 'batchRedeemWinningTickets', 'd01b808e'],
  [ticketBrokerAbi, 'redeemWinningTicketNoRevert', '750bf8da'],
  [ticketBrokerAbi, 'getTicketHash', 'b03fa864'],
  [ticketBrokerAbi, 'unlock', 'a69df4b5'],
  [ticketBrokerAbi, 'cancelUnlock', 'c2c4c2c8'],
  [ticketBrokerAbi, 'withdraw', '3ccfd60b'],
  [ticketBrokerAbi, 'getSenderInfo', 'e1a589da'],
  [ticketBrokerAbi, 'getReserveInfo', '5b6333eb'],
  [ticketBrokerAbi, 'isUnlockInProgress', '121cdcc2'],
  [ticketBrokerAbi, 'claimableReserve', '81779f38'],
  [ticketBrokerAbi, 'claimedReserve', '4ac826da'],
  [ticketBrokerAbi, 'usedTickets', '59a515ba'],
  [ticketBrokerAbi, 'ticketValidityPeriod', '856a2cf8'],
  [ticketBrokerAbi, 'unlockPeriod', '20d3a0b4'],
  [controllerAbi, 'getContract', 'e16c7d98'],
  [roundsManagerAbi, 'currentRound', '8a19c8bc'],
  [roundsManagerAbi, 'lastInitializedRound', '8807f36e'],
  [roundsManagerAbi, 'roundLength', '8b649b94'],
  [roundsManagerAbi, 'currentRoundStartBlock', '8fa148f2'],
  [roundsManagerAbi, 'currentRoundInitialized', '219bc76c'],
  [roundsManagerAbi, 'currentRoundLocked', '6841f253'],
  [roundsManagerAbi, 'initializeRound', 'd4807fb2'],
  [roundsManagerAbi, 'blockHashForRound', '3aa4add4'],
  [bondingManagerAbi, 'reward', '228cb733'],
  [bondingManagerAbi, 'rewardWithHint', '81871056'],
  [bondingManagerAbi, 'getFirstTranscoderInPool', '88a6c749'],
  [bondingManagerAbi, 'getNextTranscoderInPool', '235c9603'],
  [bondingManagerAbi, 'getTranscoderPoolSize', '2a4e0d55'],
  [bondingManagerAbi, 'isActiveTranscoder', '08802374'],
  [bondingManagerAbi, 'transcoderTotalStake', '9ef9df94'],
  [bondingManagerAbi, 'getTranscoder', '5dce9948'],
  [serviceRegistryAbi, 'getServiceURI', '214c2a4b'],
  [serviceRegistryAbi, 'setServiceURI', '5f11301b'],
]

const EVENTS: [Abi, string, string][] = [
  [ticketBrokerAbi, 'DepositFunded', '5159e237d952190e68d5215430f305831be7c9c8776d1377c76679ae4773413f'],
  [ticketBrokerAbi, 'ReserveFunded', 'b52b99b9e83551fcbd069b559cc3e823e2a1a3bad8ece46561ea77524394c850'],
  [ticketBrokerAbi, 'ReserveClaimed', '5c2b394723f408a40a60335e24b71829642e35f350cebe2036a96a66e895ea98'],
  [
    ticketBrokerAbi,
    'WinningTicketTransfer',
    '8b87351a208c06e3ceee59d80725fd77a23b4129e1b51ca231fc89b40712649c',
  ],
  [
    ticketBrokerAbi,
    'WinningTicketRedeemed',
    'c389eb51ed006dbf2528507f010efdf5225ea596e1e1741d74f550dab1925ee7',
  ],
  [ticketBrokerAbi, 'Unlock', 'f7870c5b224cbc19873599e46ccfc7103934650509b1af0c3ce90138377c2004'],
  [ticketBrokerAbi, 'UnlockCancelled', 'fa044b7b93a40365dc68049797c2eb06918523d694e5d56e406cac3eb35578e5'],
  [ticketBrokerAbi, 'Withdrawal', 'df273cb619d95419a9cd0ec88123a0538c85064229baa6363788f743fff90deb'],
  [roundsManagerAbi, 'NewRound', '22f2fc17c5daf07db2379b3a03a8ef20a183f761097a58fce219c8a14619e786'],
  [bondingManagerAbi, 'Reward', '619caafabdd75649b302ba8419e48cccf64f37f1983ac4727cfb38b57703ffc9'],
  [
    serviceRegistryAbi,
    'ServiceURIUpdate',
    'fbb63068732c85741c9f8e61caffaabe038d577bfafd2d2dcc0e352a4f653a4c',
  ],
]

/** Indexed arguments of each event, as docs/protocol.md §4.5 lists them. */
const INDEXED: Record<string, string[]> = {
  DepositFunded: ['sender'],
  ReserveFunded: ['reserveHolder'],
  ReserveClaimed: ['reserveHolder'],
  WinningTicketTransfer: ['sender', 'recipient'],
  WinningTicketRedeemed: ['sender', 'recipient'],
  Unlock: ['sender'],
  UnlockCancelled: ['sender'],
  Withdrawal: ['sender'],
  NewRound: ['round'],
  Reward: ['transcoder'],
  ServiceURIUpdate: ['addr'],
}

/**
 * Return shapes of the views a node, the web app or an explorer decodes: Livepeer's named
 * outputs, in order (docs/protocol.md §4.5). A tuple where Livepeer returns values (or a missing
 * or reordered field) decodes other fields into the wrong names.
 */
const RETURNS: [Abi, string, string[]][] = [
  [
    bondingManagerAbi,
    'getTranscoder',
    [
      'uint256 lastRewardRound',
      'uint256 rewardCut',
      'uint256 feeShare',
      'uint256 lastActiveStakeUpdateRound',
      'uint256 activationRound',
      'uint256 deactivationRound',
      'uint256 activeCumulativeRewards',
      'uint256 cumulativeRewards',
      'uint256 cumulativeFees',
      'uint256 lastFeeRound',
    ],
  ],
  [bondingManagerAbi, 'transcoderTotalStake', ['uint256']],
]

function find<T extends AbiFunction | AbiEvent>(abi: Abi, type: T['type'], name: string): T {
  const item = abi.find((i) => i.type === type && 'name' in i && i.name === name)
  if (!item) throw new Error(`${type} ${name} missing from the ABI`)
  return item as T
}

describe('ABI selectors (docs/protocol.md §4.5)', () => {
  it.each(FUNCTIONS)('%s has selector %s', (abi, name, selector) => {
    expect(toFunctionSelector(find<AbiFunction>(abi, 'function', name))).toBe(`0x${selector}`)
  })

  it.each(EVENTS)('event %s has topic0 %s and the listed indexed arguments', (abi, name, topic) => {
    const event = find<AbiEvent>(abi, 'event', name)
    expect(toEventSelector(event)).toBe(`0x${topic}`)
    expect(event.inputs.filter((i) => i.indexed).map((i) => i.name)).toEqual(INDEXED[name])
  })

  it.each(RETURNS)("%s returns Livepeer's shape", (abi, name, outputs) => {
    const fn = find<AbiFunction>(abi, 'function', name)
    expect(fn.outputs.map((o) => (o.name ? `${o.type} ${o.name}` : o.type))).toEqual(outputs)
  })
})
