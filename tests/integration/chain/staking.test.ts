/**
 * Livepeer's staking economics on Prism's dev contracts (anvil): an orchestrator (reward cut 10%,
 * fee share 50%) and two delegators. Rewards over several rounds and fees from a redeemed ticket
 * land in each one's pending stake and fees exactly as Livepeer's formulas give them (the model
 * below: cumulative factors at 27-digit precision, cuts in parts per million); unbonding locks are
 * withdrawable only after the unbonding period and can be rebonded; every revert string.
 */
import {
  bond,
  bondingManagerAbi,
  claimEarnings,
  getCurrentRound,
  getDelegator,
  getEarningsPoolForRound,
  getLptBalance,
  getPendingFees,
  getPendingStake,
  getRoundInfo,
  getTranscoder,
  getTranscoderTotalStake,
  getUnbondingLocks,
  minterAbi,
  rebond,
  redeemWinningTicket,
  reward,
  setTranscoderParams,
  unbond,
  withdrawFees,
  withdrawStake,
} from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor, makeTicket } from './ticketFixture.ts'

const P = 10n ** 27n
const CUT = 100_000n // 10% of rewards kept by the orchestrator
const SHARE = 500_000n // 50% of fees given to delegators

/** Livepeer's PreciseMathUtils.percOf: amount × (num / denom), the fraction first at 27 digits. */
const percOf = (amount: bigint, num: bigint, denom: bigint) => (amount * ((num * P) / denom)) / P

/**
 * Livepeer's LIP-36 accounting for one orchestrator that never claims, written from the formulas:
 * each reward(R) on round stake T moves the cumulative reward factor by (R − cut) / T and gives
 * the orchestrator its cut plus its earlier rewards' share; each fee F moves the fee factor by
 * (F × feeShare) / T, scaled by the previous round's reward factor, and gives it the rest.
 */
class LivepeerModel {
  crf = P
  /** The reward factor before the last reward() (the previous round's, when it was this round). */
  prevCrf = P
  cff = 0n
  cumulativeRewards = 0n
  cumulativeFees = 0n
  reward(r: bigint, totalStake: bigint) {
    const active = this.cumulativeRewards
    const commission = (r * CUT) / 1_000_000n
    const delegatorsRewards = r - commission
    this.cumulativeRewards += percOf(delegatorsRewards, active, totalStake) + commission
    this.prevCrf = this.crf
    this.crf += percOf(this.crf, delegatorsRewards, totalStake)
  }
  /** Fees in the round reward() was last called in. */
  fees(f: bigint, totalStake: bigint, activeCumulativeRewards: bigint) {
    const delegatorsFees = (f * SHARE) / 1_000_000n
    this.cumulativeFees += percOf(delegatorsFees, activeCumulativeRewards, totalStake) + (f - delegatorsFees)
    this.cff += percOf(this.prevCrf, delegatorsFees, totalStake)
  }
  /** A delegator's pending stake and fees for `stake` bonded at factors (1, 0). */
  pending(stake: bigint, self = false) {
    return {
      stake: percOf(stake, this.crf, P) + (self ? this.cumulativeRewards : 0n),
      fees: percOf(stake, this.cff, P) + (self ? this.cumulativeFees : 0n),
    }
  }
}

describe('staking economics (anvil)', () => {
  let chain: DevChain
  const model = new LivepeerModel()
  const stakes = { orch: parseEther('1000'), d1: parseEther('300'), d2: parseEther('100') }
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 30 })
  })
  afterAll(async () => {
    await chain?.close()
  })
  const orch = () => clientFor(chain)
  const d1 = () => clientFor(chain, chain.allAccounts[7]!)
  const d2 = () => clientFor(chain, chain.allAccounts[8]!)

  it('delegators bond dev LPT to the orchestrator; the stake counts from the next round', async () => {
    const o = chain.accounts.orchestrator.address
    expect(await getLptBalance(d1(), { address: chain.allAccounts[7]!.address })).toBe(parseEther('10000'))
    await bond(d1(), { amount: stakes.d1, to: o })
    await bond(d2(), { amount: stakes.d2, to: o })
    expect(await getDelegator(d1(), { delegator: chain.allAccounts[7]!.address })).toMatchObject({
      bondedAmount: stakes.d1,
      delegateAddress: o,
      status: 'Pending',
    })
    expect(await getLptBalance(d1(), { address: chain.allAccounts[7]!.address })).toBe(parseEther('9700'))
    expect(await getTranscoderTotalStake(orch(), { address: o })).toBe(stakes.orch + stakes.d1 + stakes.d2)
    await chain.advanceRound()
    expect((await getDelegator(d1(), { delegator: chain.allAccounts[7]!.address })).status).toBe('Bonded')
  })

  it('reward() over three rounds: the cut to the orchestrator, the rest pro rata, with Livepeer rounding', async () => {
    const o = chain.accounts.orchestrator.address
    for (let i = 0; i < 3; i++) {
      if (i > 0) await chain.advanceRound()
      const round = await getCurrentRound(orch())
      const mintable = await chain.publicClient.readContract({
        address: chain.deployment.contracts.minter,
        abi: minterAbi,
        functionName: 'currentMintableTokens',
      })
      const { amount } = await reward(orch())
      const { totalStake } = await getEarningsPoolForRound(orch(), { transcoder: o, round })
      // the only active orchestrator: all of the round's mintable LPT
      expect(amount).toBe(mintable)
      expect(amount).toBeGreaterThan(0n)
      model.reward(amount, totalStake)
    }
    const expected = {
      orch: model.pending(stakes.orch, true),
      d1: model.pending(stakes.d1),
      d2: model.pending(stakes.d2),
    }
    expect(await getPendingStake(orch(), { delegator: o })).toBe(expected.orch.stake)
    expect(await getPendingStake(d1(), { delegator: chain.allAccounts[7]!.address })).toBe(expected.d1.stake)
    expect(await getPendingStake(d2(), { delegator: chain.allAccounts[8]!.address })).toBe(expected.d2.stake)
    expect((await getTranscoder(orch(), { address: o })).cumulativeRewards).toBe(model.cumulativeRewards)
    // the shares add up to the orchestrator's total stake, less a few wei of rounding down
    const total = await getTranscoderTotalStake(orch(), { address: o })
    const sum = expected.orch.stake + expected.d1.stake + expected.d2.stake
    expect(total - sum).toBeGreaterThanOrEqual(0n)
    expect(total - sum).toBeLessThan(10n)
    // d1 holds three times d2's stake: three times the rewards, to the wei's rounding
    const r1 = expected.d1.stake - stakes.d1
    const r2 = expected.d2.stake - stakes.d2
    expect(r1 - 3n * r2).toBeGreaterThanOrEqual(-3n)
    expect(r1 - 3n * r2).toBeLessThanOrEqual(3n)
  })

  it('fees from a redeemed ticket are split by the fee share; each withdraws its own', async () => {
    const o = chain.accounts.orchestrator.address
    const gw = chain.accounts.gateways[0]!
    const round = await getCurrentRound(orch())
    const { totalStake } = await getEarningsPoolForRound(orch(), { transcoder: o, round })
    const { activeCumulativeRewards } = await getTranscoder(orch(), { address: o })
    const face = parseEther('0.01')
    await redeemWinningTicket(orch(), { ticket: await makeTicket(chain, { sender: gw, faceValue: face }) })
    model.fees(face, totalStake, activeCumulativeRewards)
    const d1Fees = model.pending(stakes.d1).fees
    expect(await getPendingFees(d1(), { delegator: chain.allAccounts[7]!.address })).toBe(d1Fees)
    expect(await getPendingFees(orch(), { delegator: o })).toBe(model.pending(stakes.orch, true).fees)
    // half the fee to the delegators' pool (the orchestrator's own stake included), half to it
    expect(model.cumulativeFees).toBeGreaterThanOrEqual(face / 2n)
    // withdraw: the wei arrive in the recipient's wallet
    const recipient = chain.allAccounts[9]!.address
    const before = await chain.publicClient.getBalance({ address: recipient })
    const sent = await withdrawFees(d1(), { recipient })
    expect(sent?.amount).toBe(d1Fees)
    expect((await chain.publicClient.getBalance({ address: recipient })) - before).toBe(d1Fees)
    expect(await getPendingFees(d1(), { delegator: chain.allAccounts[7]!.address })).toBe(0n)
    await expect(withdrawFees(d1(), { amount: 1n })).rejects.toMatchObject({
      reason: 'insufficient fees to withdraw',
    })
  })

  it('claimEarnings moves pending rewards into the bonded amount', async () => {
    const who = chain.allAccounts[8]!.address
    const pending = await getPendingStake(d2(), { delegator: who })
    const { rewards } = await claimEarnings(d2())
    expect(rewards).toBe(pending - stakes.d2)
    expect((await getDelegator(d2(), { delegator: who })).bondedAmount).toBe(pending)
  })

  it('unbond → withdrawStake only after the unbonding period; rebond restores the stake', async () => {
    const who = chain.allAccounts[8]!.address
    const bonded = (await getDelegator(d2(), { delegator: who })).bondedAmount
    const lptBefore = await getLptBalance(d2(), { address: who })
    const first = await unbond(d2(), { amount: parseEther('40') })
    const round = await getCurrentRound(d2())
    expect(first.withdrawRound).toBe(round + 2n) // dev unbonding period: 2 rounds
    await expect(withdrawStake(d2(), { unbondingLockId: first.unbondingLockId })).rejects.toMatchObject({
      reason: 'withdraw round must be before or equal to the current round',
    })
    const second = await unbond(d2(), { amount: parseEther('10') })
    expect(await getUnbondingLocks(d2(), { delegator: who })).toEqual([
      { id: first.unbondingLockId, amount: parseEther('40'), withdrawRound: round + 2n },
      { id: second.unbondingLockId, amount: parseEther('10'), withdrawRound: round + 2n },
    ])
    await rebond(d2(), { unbondingLockId: second.unbondingLockId })
    expect((await getDelegator(d2(), { delegator: who })).bondedAmount).toBe(bonded - parseEther('40'))
    await expect(rebond(d2(), { unbondingLockId: second.unbondingLockId })).rejects.toMatchObject({
      reason: 'invalid unbonding lock ID',
    })
    await chain.advanceRound()
    await expect(withdrawStake(d2(), { unbondingLockId: first.unbondingLockId })).rejects.toMatchObject({
      reason: 'withdraw round must be before or equal to the current round',
    })
    await chain.advanceRound()
    await withdrawStake(d2(), { unbondingLockId: first.unbondingLockId })
    expect((await getLptBalance(d2(), { address: who })) - lptBefore).toBe(parseEther('40'))
    await expect(withdrawStake(d2(), { unbondingLockId: first.unbondingLockId })).rejects.toMatchObject({
      reason: 'invalid unbonding lock ID',
    })
  })

  it('answers with Livepeer’s revert strings', async () => {
    const o = chain.accounts.orchestrator.address
    const outsider = clientFor(chain, chain.allAccounts[6]!)
    const cases: [() => Promise<unknown>, string][] = [
      [() => unbond(outsider, { amount: 1n }), 'caller must be bonded'],
      [() => unbond(d1(), { amount: 0n }), 'unbond amount must be greater than 0'],
      [() => unbond(d1(), { amount: parseEther('100000') }), 'amount is greater than bonded amount'],
      [() => bond(outsider, { amount: 0n, to: o }), 'delegation amount must be greater than 0'],
      [
        () => bond(orch(), { amount: 1n, to: chain.allAccounts[7]!.address }),
        "registered transcoders can't delegate towards other addresses",
      ],
      [() => rebond(outsider, { unbondingLockId: 0n, to: o }), 'invalid unbonding lock ID'],
      [() => rebond(d1(), { unbondingLockId: 0n, to: o }), 'caller must be unbonded'],
      [() => rebond(outsider, { unbondingLockId: 0n }), 'caller must be bonded'],
      [
        () => setTranscoderParams(orch(), { rewardCut: 1_000_001n, feeShare: 0n }),
        'invalid rewardCut percentage',
      ],
      [
        () => setTranscoderParams(orch(), { rewardCut: 0n, feeShare: 1_000_001n }),
        'invalid feeShare percentage',
      ],
      [() => setTranscoderParams(outsider, { rewardCut: 0n, feeShare: 0n }), 'transcoder must be registered'],
      [
        () => setTranscoderParams(orch(), { rewardCut: 0n, feeShare: 0n }),
        "caller can't be active or must have already called reward for the current round",
      ],
      [
        () => withdrawFees(d1(), { recipient: '0x0000000000000000000000000000000000000000', amount: 0n }),
        'invalid recipient',
      ],
      [() => reward(outsider), 'caller must be an active transcoder'],
    ]
    for (const [call, reason] of cases) await expect(call(), reason).rejects.toMatchObject({ reason })
    await reward(orch())
    await expect(reward(orch())).rejects.toMatchObject({
      reason: 'caller has already called reward for the current round',
    })
    // the calls reserved to the other contracts
    const c = chain.deployment.contracts
    const account = chain.allAccounts[6]!.address
    const onlyFor: [() => Promise<unknown>, string][] = [
      [
        () =>
          chain.publicClient.simulateContract({
            account,
            address: c.bondingManager,
            abi: bondingManagerAbi,
            functionName: 'updateTranscoderWithFees',
            args: [o, 1n, 1n],
          }),
        'caller must be TicketBroker',
      ],
      [
        () =>
          chain.publicClient.simulateContract({
            account,
            address: c.bondingManager,
            abi: bondingManagerAbi,
            functionName: 'setCurrentRoundTotalActiveStake',
          }),
        'caller must be RoundsManager',
      ],
      [
        () =>
          chain.publicClient.simulateContract({
            account,
            address: c.minter,
            abi: minterAbi,
            functionName: 'createReward',
            args: [1n, 1n],
          }),
        'caller must be BondingManager',
      ],
    ]
    for (const [call, reason] of onlyFor) await expect(call(), reason).rejects.toThrow(reason)
    // transcoder params cannot change in the locked end of a round (the last 10%)
    const info = await getRoundInfo(orch())
    await chain.mine(Number(info.currentRoundStartBlock + info.roundLength - 2n - info.blockNumber))
    await expect(setTranscoderParams(orch(), { rewardCut: 0n, feeShare: 0n })).rejects.toMatchObject({
      reason: "can't update transcoder params, current round is locked",
    })
  })
})
