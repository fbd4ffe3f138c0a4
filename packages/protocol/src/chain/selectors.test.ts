/**
 * The compiled ABIs keep Livepeer's function selectors and event topics (docs/protocol.md §4.5), so the
 * same client code talks to Prism's dev contracts and to Livepeer's contracts on Arbitrum One.
 */
import { type Abi, type AbiEvent, type AbiFunction, toEventSelector, toFunctionSelector } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  bondingManagerAbi,
  controllerAbi,
  livepeerTokenAbi,
  minterAbi,
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
  [bondingManagerAbi, 'bond', 'b78d27dc'],
  [bondingManagerAbi, 'bondWithHint', '6bd9add4'],
  [bondingManagerAbi, 'unbond', '27de9e32'],
  [bondingManagerAbi, 'unbondWithHint', '9500ed9b'],
  [bondingManagerAbi, 'rebond', 'eaffb3f9'],
  [bondingManagerAbi, 'rebondWithHint', '7fc4606f'],
  [bondingManagerAbi, 'rebondFromUnbonded', '3a080e93'],
  [bondingManagerAbi, 'rebondFromUnbondedWithHint', '0584a373'],
  [bondingManagerAbi, 'withdrawStake', '25d5971f'],
  [bondingManagerAbi, 'withdrawFees', 'ad3b1b47'],
  [bondingManagerAbi, 'claimEarnings', '24b1babf'],
  [bondingManagerAbi, 'transcoder', '43d3461a'],
  [bondingManagerAbi, 'transcoderWithHint', '3550aa10'],
  [bondingManagerAbi, 'pendingStake', '9d0b2c7a'],
  [bondingManagerAbi, 'pendingFees', 'f595f1cc'],
  [bondingManagerAbi, 'getDelegator', 'a64ad595'],
  [bondingManagerAbi, 'getDelegatorUnbondingLock', '412f83b6'],
  [bondingManagerAbi, 'getTotalBonded', '5c50c356'],
  [bondingManagerAbi, 'getTranscoderEarningsPoolForRound', '24454fc4'],
  [bondingManagerAbi, 'getTranscoderPoolMaxSize', '5a2a75a9'],
  [bondingManagerAbi, 'isRegisteredTranscoder', '68ba170c'],
  [bondingManagerAbi, 'isValidUnbondingLock', '0fd02fc1'],
  [bondingManagerAbi, 'delegatorStatus', '1544fc67'],
  [bondingManagerAbi, 'transcoderStatus', '8b2f1652'],
  [bondingManagerAbi, 'updateTranscoderWithFees', '3aeb512c'],
  [bondingManagerAbi, 'setCurrentRoundTotalActiveStake', '713f2216'],
  [bondingManagerAbi, 'unbondingPeriod', '6cf6d675'],
  [bondingManagerAbi, 'currentRoundTotalActiveStake', '4196ee75'],
  [bondingManagerAbi, 'nextRoundTotalActiveStake', '465501d3'],
  [livepeerTokenAbi, 'mint', '40c10f19'],
  [livepeerTokenAbi, 'burn', '42966c68'],
  [minterAbi, 'createReward', '7dbedad5'],
  [minterAbi, 'currentMintableTokens', '9ae6309a'],
  [minterAbi, 'inflation', 'be0522e0'],
  [minterAbi, 'inflationChange', 'a7c83514'],
  [minterAbi, 'targetBondingRate', '821b771f'],
  [minterAbi, 'setCurrentRewardTokens', 'ece2064c'],
  [minterAbi, 'trustedWithdrawETH', '20283da9'],
  [minterAbi, 'trustedTransferTokens', 'e7a49c2b'],
  [minterAbi, 'depositETH', 'f6326fb3'],
  [minterAbi, 'getGlobalTotalSupply', '5507442d'],
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
  [bondingManagerAbi, 'Bond', 'e5917769f276ddca9f2ee7c6b0b33e1d1e1b61008010ce622c632dd20d168a23'],
  [bondingManagerAbi, 'Unbond', '2d5d98d189bee5496a08db2a5948cb7e5e786f09d17d0c3f228eb41776c24a06'],
  [bondingManagerAbi, 'Rebond', '9f5b64cc71e1e26ff178caaa7877a04d8ce66fde989251870e80e6fbee690c17'],
  [bondingManagerAbi, 'WithdrawStake', '1340f1a8f3d456a649e1a12071dfa15655e3d09252131d0f980c3b405cc8dd2e'],
  [bondingManagerAbi, 'WithdrawFees', '4f1b51dd7a2fcb861aa2670f668be66835c4ee12b4bbbf037e4d0018f39819e4'],
  [bondingManagerAbi, 'EarningsClaimed', 'd7eab0765b772ea6ea859d5633baf737502198012e930f257f90013d9b211094'],
  [bondingManagerAbi, 'TranscoderUpdate', '7346854431dbb3eb8e373c604abf89e90f4865b8447e1e2834d7b3e4677bf544'],
  [
    bondingManagerAbi,
    'TranscoderActivated',
    '65d72d782835d64c3287844a829608d5abdc7e864cc9affe96d910ab3db665e9',
  ],
  [
    bondingManagerAbi,
    'TranscoderDeactivated',
    'fee3e693fc72d0a0a673805f3e606c551f4c677b9072444b90dd2d0406bc995c',
  ],
  [minterAbi, 'SetCurrentRewardTokens', '39567a366345edf17f50c1967a31b597745186c4632f34c4f8ebe06b6890784d'],
  [livepeerTokenAbi, 'Mint', '0f6798a560793a54c3bcfe86a93cde1e73087d944c0ea20544137d4121396885'],
  [livepeerTokenAbi, 'Burn', 'cc16f5dbb4873280815c1ee09dbd06736cffcc184412cf7a71a0fdb75d397ca5'],
  [livepeerTokenAbi, 'Transfer', 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'],
  [livepeerTokenAbi, 'Approval', '8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925'],
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
  Bond: ['newDelegate', 'oldDelegate', 'delegator'],
  Unbond: ['delegate', 'delegator'],
  Rebond: ['delegate', 'delegator'],
  WithdrawStake: ['delegator'],
  WithdrawFees: ['delegator'],
  EarningsClaimed: ['delegate', 'delegator'],
  TranscoderUpdate: ['transcoder'],
  TranscoderActivated: ['transcoder'],
  TranscoderDeactivated: ['transcoder'],
  SetCurrentRewardTokens: [],
  Mint: ['to'],
  Burn: ['burner'],
  Transfer: ['from', 'to'],
  Approval: ['owner', 'spender'],
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
  [
    bondingManagerAbi,
    'getDelegator',
    [
      'uint256 bondedAmount',
      'uint256 fees',
      'address delegateAddress',
      'uint256 delegatedAmount',
      'uint256 startRound',
      'uint256 lastClaimRound',
      'uint256 nextUnbondingLockId',
    ],
  ],
  [
    bondingManagerAbi,
    'getTranscoderEarningsPoolForRound',
    [
      'uint256 totalStake',
      'uint256 transcoderRewardCut',
      'uint256 transcoderFeeShare',
      'uint256 cumulativeRewardFactor',
      'uint256 cumulativeFeeFactor',
    ],
  ],
  [bondingManagerAbi, 'getDelegatorUnbondingLock', ['uint256 amount', 'uint256 withdrawRound']],
  [bondingManagerAbi, 'pendingStake', ['uint256']],
  [bondingManagerAbi, 'pendingFees', ['uint256']],
  [bondingManagerAbi, 'getTotalBonded', ['uint256']],
  [bondingManagerAbi, 'delegatorStatus', ['uint8']],
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
