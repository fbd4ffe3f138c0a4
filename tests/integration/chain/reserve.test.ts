/**
 * Reserve claims (docs/protocol.md §4.3): a ticket above the deposit takes the rest from the reserve,
 * capped at an equal 1/N share per active orchestrator per round; the getMaxFloat action's reserve
 * allocation (§2.4) agrees with the contract.
 */
import {
  fundDepositAndReserveFor,
  getClaimableReserve,
  getMaxFloat,
  getSenderInfo,
  redeemWinningTicket,
} from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor, makeTicket } from './ticketFixture.ts'

describe('reserve split among two active orchestrators', () => {
  let chain: DevChain
  beforeAll(async () => {
    chain = await startDevChain({
      orchestrators: 2,
      gateways: 1,
      gatewayFunds: { deposit: parseEther('0.1'), reserve: parseEther('1') },
    })
  })
  afterAll(async () => {
    await chain?.close()
  })

  it('pays deposit + at most half the reserve to each orchestrator in a round', async () => {
    const [orchA, orchB] = chain.accounts.orchestrators as [
      typeof chain.accounts.orchestrator,
      typeof chain.accounts.orchestrator,
    ]
    const sender = chain.accounts.gateways[0]!
    const clientA = clientFor(chain, orchA)
    const clientB = clientFor(chain, orchB)

    const before = await getMaxFloat(clientA, { sender: sender.address, recipient: orchA.address })
    expect(before.poolSize).toBe(2n)
    expect(before.reserveAlloc).toBe(parseEther('0.5'))
    expect(await getClaimableReserve(clientA, { sender: sender.address, claimant: orchA.address })).toBe(
      parseEther('0.5'),
    )

    // Face value 2 ETH: deposit 0.1 + min(1.9, 0.5) from the reserve.
    const first = await redeemWinningTicket(clientA, {
      ticket: await makeTicket(chain, { sender, recipient: orchA.address, faceValue: parseEther('2') }),
    })
    expect(first.amount).toBe(parseEther('0.6'))
    const afterA = await getMaxFloat(clientA, { sender: sender.address, recipient: orchA.address })
    expect(afterA.deposit).toBe(0n)
    expect(afterA.reserve).toBe(parseEther('0.5'))
    expect(afterA.claimedInCurrentRound).toBe(parseEther('0.5'))
    expect(afterA.claimedReserve).toBe(parseEther('0.5'))
    expect(afterA.reserveAlloc).toBe(0n)

    // A second ticket to A in the same round gets nothing more.
    const second = await redeemWinningTicket(clientA, {
      ticket: await makeTicket(chain, { sender, recipient: orchA.address, faceValue: parseEther('1') }),
    })
    expect(second.amount).toBe(0n)

    // B still has its own half.
    expect(
      (await getMaxFloat(clientB, { sender: sender.address, recipient: orchB.address })).reserveAlloc,
    ).toBe(parseEther('0.5'))
    const third = await redeemWinningTicket(clientB, {
      ticket: await makeTicket(chain, { sender, recipient: orchB.address, faceValue: parseEther('3') }),
    })
    expect(third.amount).toBe(parseEther('0.5'))
    expect((await getSenderInfo(clientB, { sender: sender.address })).reserve.fundsRemaining).toBe(0n)
  })

  it('computes max float from the reserve allocation and pending redemptions (§2.4)', async () => {
    const sender = chain.accounts.orchestrators[1]!
    // Fund a fresh holder from another account: deposit 1 ETH, reserve 4 ETH (2 ETH per orchestrator).
    await fundDepositAndReserveFor(clientFor(chain, chain.accounts.deployer), {
      sender: sender.address,
      deposit: parseEther('1'),
      reserve: parseEther('4'),
    })
    const client = clientFor(chain)
    const recipient = chain.accounts.orchestrator.address
    const funds = (pendingAmount = 0n) =>
      getMaxFloat(client, { sender: sender.address, recipient, pendingAmount })
    const noPending = await funds()
    expect(noPending.reserveAlloc).toBe(parseEther('2'))
    expect(noPending.maxFloat).toBe(parseEther('2'))
    expect(noPending.availableFunds).toBe(parseEther('3'))
    // deposit / pending = 4 ≥ 3: the whole allocation.
    expect((await funds(parseEther('0.25'))).maxFloat).toBe(parseEther('2'))
    // deposit / pending = 2 < 3: allocation minus pending.
    const pending = await funds(parseEther('0.5'))
    expect(pending.maxFloat).toBe(parseEther('1.5'))
    expect(pending.availableFunds).toBe(parseEther('2.5'))
    // Pending above the allocation: nothing left to float (never negative).
    expect((await funds(parseEther('2.5'))).maxFloat).toBe(0n)
  })
})
