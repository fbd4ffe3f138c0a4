/**
 * TicketBroker funding, unlock, cancelUnlock and withdraw against anvil, through the chain actions.
 */
import {
  cancelUnlock,
  fundDeposit,
  fundDepositAndReserve,
  fundDepositAndReserveFor,
  getBalance,
  getCurrentRound,
  getSenderInfo,
  ticketBrokerAbi,
  unlock,
  withdraw,
} from '@prism/protocol'
import { parseEther, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor } from './ticketFixture.ts'

describe('TicketBroker funding and withdrawal', () => {
  let chain: DevChain
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 3, gatewayFunds: { deposit: 0n, reserve: 0n } })
  })
  afterAll(async () => {
    await chain?.close()
  })

  it('fundDepositAndReserveFor funds another address, not the payer', async () => {
    const payer = chain.accounts.gateways[0]!
    const beneficiary = chain.accounts.gateways[1]!
    const client = clientFor(chain, payer)
    const tx = await fundDepositAndReserveFor(client, {
      sender: beneficiary.address,
      deposit: parseEther('0.3'),
      reserve: parseEther('0.2'),
    })
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: tx.txHash })
    const events = parseEventLogs({ abi: ticketBrokerAbi, logs: receipt.logs })
    expect(events.map((e) => e.eventName)).toEqual(['DepositFunded', 'ReserveFunded'])

    const info = await getSenderInfo(client, { sender: beneficiary.address })
    expect(info.deposit).toBe(parseEther('0.3'))
    expect(info.reserve.fundsRemaining).toBe(parseEther('0.2'))
    const payerInfo = await getSenderInfo(client, { sender: payer.address })
    expect(payerInfo.deposit).toBe(0n)
    expect(payerInfo.reserve.fundsRemaining).toBe(0n)
  })

  it('rejects a msg.value that is not deposit + reserve', async () => {
    const wallet = chain.walletClientFor(chain.accounts.gateways[0]!)
    await expect(
      chain.publicClient.simulateContract({
        account: wallet.account,
        address: chain.deployment.contracts.ticketBroker,
        abi: ticketBrokerAbi,
        functionName: 'fundDepositAndReserve',
        args: [1000n, 1000n],
        value: 1999n,
      }),
    ).rejects.toThrow('msg.value does not equal sum of deposit amount and reserve amount')
  })

  it('unlock sets withdrawRound = currentRound + unlockPeriod; withdraw waits for it', async () => {
    const sender = chain.accounts.gateways[2]!
    const client = clientFor(chain, sender)
    await expect(unlock(client)).rejects.toMatchObject({ reason: 'sender deposit and reserve are zero' })
    await fundDepositAndReserve(client, { deposit: parseEther('0.4'), reserve: parseEther('0.6') })

    await expect(withdraw(client)).rejects.toMatchObject({ reason: 'no unlock request in progress' })
    const round = await getCurrentRound(client)
    await unlock(client)
    expect((await getSenderInfo(client, { sender: sender.address })).withdrawRound).toBe(round + 2n)
    await expect(unlock(client)).rejects.toMatchObject({ reason: 'unlock already initiated' })
    await expect(withdraw(client)).rejects.toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'account is locked',
    })
    await chain.advanceRound()
    await expect(withdraw(client)).rejects.toMatchObject({ reason: 'account is locked' })
    await chain.advanceRound()

    const balanceBefore = await getBalance(client, { address: sender.address })
    const tx = await withdraw(client)
    expect(await getBalance(client, { address: sender.address })).toBe(
      balanceBefore + parseEther('1') - tx.gasUsed * tx.effectiveGasPrice,
    )
    const info = await getSenderInfo(client, { sender: sender.address })
    expect(info).toEqual({
      deposit: 0n,
      withdrawRound: 0n,
      reserve: { fundsRemaining: 0n, claimedInCurrentRound: 0n },
    })
    await expect(withdraw(client)).rejects.toMatchObject({ reason: 'sender deposit and reserve are zero' })
  })

  it('cancelUnlock clears the pending unlock; funding by the sender cancels it too', async () => {
    const sender = chain.accounts.gateways[1]!
    const client = clientFor(chain, sender)
    await expect(cancelUnlock(client)).rejects.toMatchObject({ reason: 'no unlock request in progress' })
    await unlock(client)
    expect((await getSenderInfo(client, { sender: sender.address })).withdrawRound).toBeGreaterThan(0n)
    await cancelUnlock(client)
    expect((await getSenderInfo(client, { sender: sender.address })).withdrawRound).toBe(0n)

    await unlock(client)
    // Funding by someone else does not cancel the unlock.
    await fundDepositAndReserveFor(clientFor(chain, chain.accounts.gateways[0]!), {
      sender: sender.address,
      deposit: 1n,
      reserve: 1n,
    })
    expect((await getSenderInfo(client, { sender: sender.address })).withdrawRound).toBeGreaterThan(0n)
    // Funding by the sender itself does.
    const tx = await fundDeposit(client, { amount: 1n })
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: tx.txHash })
    expect(parseEventLogs({ abi: ticketBrokerAbi, logs: receipt.logs }).map((e) => e.eventName)).toEqual([
      'DepositFunded',
      'UnlockCancelled',
    ])
    expect((await getSenderInfo(client, { sender: sender.address })).withdrawRound).toBe(0n)
  })
})
