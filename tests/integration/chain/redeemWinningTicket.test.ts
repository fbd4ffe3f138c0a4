/**
 * TicketBroker.redeemWinningTicket against a real anvil: a ticket built and signed with
 * @prism/protocol is redeemed through the redeemWinningTicket chain action; every revert of docs/protocol.md §4.2 is
 * reached and surfaces as CHAIN_REVERT with the contract's revert string.
 */
import {
  batchRedeemWinningTickets,
  controllerAbi,
  getBalance,
  getPendingFees,
  getRoundInfo,
  getSenderInfo,
  getTicketHash,
  hashTicket,
  isTicketUsed,
  recipientRandHash,
  redeemWinningTicket,
  SECP256K1_N,
  ticketAuxData,
  ticketBrokerAbi,
  toChainError,
  unlock,
  withdrawFees,
} from '@prism/protocol'
import { type Hex, parseEther, toHex, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor, makeTicket } from './ticketFixture.ts'

function withSigBytes(sig: Hex, edit: (b: Uint8Array) => Uint8Array): Hex {
  const bytes = Uint8Array.from(Buffer.from(sig.slice(2), 'hex'))
  return toHex(edit(bytes))
}

describe('TicketBroker.redeemWinningTicket', () => {
  let chain: DevChain
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 3 })
  })
  afterAll(async () => {
    await chain?.close()
  })

  it('getTicketHash on chain equals hashTicket (docs/protocol.md §11 vector 1)', async () => {
    const ticket = {
      recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
      sender: '0xA69cdA26600c155cF2c150964Bdb5371ac3f606F',
      faceValue: 1200000000000000n,
      winProb: 771947261582107969490473233391252719021799897770937093596383896000000000n,
      senderNonce: 1n,
      recipientRandHash: recipientRandHash(10n),
      creationRound: 3000n,
      creationRoundBlockHash: '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d',
    } as const
    const onChain = await getTicketHash(clientFor(chain), { ticket })
    expect(onChain).toBe('0x8583bdc841156622c67dedf6784da475e498e5a6e031619bf8d5bc6ee1feb7b8')
    expect(hashTicket(ticket)).toBe(onChain)
  })

  it("credits the face value to the orchestrator's fees, lowers the deposit and marks the ticket used", async () => {
    const sender = chain.accounts.gateways[0]!
    const client = clientFor(chain)
    const orch = chain.accounts.orchestrator.address
    const faceValue = parseEther('0.01')
    const ticket = await makeTicket(chain, { sender, faceValue })
    const feesBefore = await getPendingFees(client, { delegator: orch })
    const depositBefore = (await getSenderInfo(client, { sender: sender.address })).deposit

    const result = await redeemWinningTicket(client, { ticket })

    expect(result.amount).toBe(faceValue)
    // its own delegator only: the whole face value, less a few wei of the fee factor's rounding
    const credited = (await getPendingFees(client, { delegator: orch })) - feesBefore
    expect(credited).toBeLessThanOrEqual(faceValue)
    expect(credited).toBeGreaterThan(faceValue - 10n)
    expect((await getSenderInfo(client, { sender: sender.address })).deposit).toBe(depositBefore - faceValue)
    expect(await isTicketUsed(client, { ticketHash: hashTicket(ticket) })).toBe(true)
    // the fees reach the wallet with withdrawFees
    const balanceBefore = await getBalance(client, { address: orch })
    const sent = await withdrawFees(client)
    expect(sent!.amount).toBe(feesBefore + credited)
    expect(await getBalance(client, { address: orch })).toBe(
      balanceBefore + sent!.amount - sent!.gasUsed * sent!.effectiveGasPrice,
    )
  })

  it('reverts "ticket is used" when the same ticket is redeemed again', async () => {
    const client = clientFor(chain)
    const ticket = await makeTicket(chain, { sender: chain.accounts.gateways[0]! })
    await redeemWinningTicket(client, { ticket })
    await expect(redeemWinningTicket(client, { ticket })).rejects.toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'ticket is used',
      functionName: 'redeemWinningTicket',
    })
  })

  describe('reverts in the order of docs/protocol.md §4.2', () => {
    const sender = () => chain.accounts.gateways[0]!
    const expectRevert = async (p: Promise<unknown>, reason: string) =>
      expect(p).rejects.toMatchObject({ code: 'CHAIN_REVERT', reason })

    it('ticket recipient is null address', async () => {
      const t = await makeTicket(chain, { sender: sender(), recipient: zeroAddress })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'ticket recipient is null address',
      )
    })

    it('ticket sender is null address', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: { ...t, sender: zeroAddress } }),
        'ticket sender is null address',
      )
    })

    it('invalid length for ticket auxData: must be 64 bytes (empty auxData)', async () => {
      // creationRound 0 with a zero hash encodes as empty auxData (docs/protocol.md §1.1).
      const t = await makeTicket(chain, {
        sender: sender(),
        creationRound: 0n,
        creationRoundBlockHash: `0x${'00'.repeat(32)}`,
      })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'invalid length for ticket auxData: must be 64 bytes',
      )
    })

    it('invalid length for ticket auxData: must be 64 bytes (32 bytes)', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const wallet = chain.walletClientFor(chain.accounts.orchestrator)
      const call = chain.publicClient
        .simulateContract({
          account: wallet.account,
          address: chain.deployment.contracts.ticketBroker,
          abi: ticketBrokerAbi,
          functionName: 'redeemWinningTicket',
          args: [
            { ...t, auxData: ticketAuxData(t.creationRound, t.creationRoundBlockHash).slice(0, 66) as Hex },
            t.sig,
            t.recipientRand,
          ],
        })
        .catch((e: unknown) => {
          throw toChainError(e, 'redeemWinningTicket', chain.rpcUrl)
        })
      await expectRevert(call, 'invalid length for ticket auxData: must be 64 bytes')
    })

    it('ticket creationRound does not have a block hash', async () => {
      const t = await makeTicket(chain, {
        sender: sender(),
        creationRound: 10_000n,
        creationRoundBlockHash: `0x${'11'.repeat(32)}`,
      })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'ticket creationRound does not have a block hash',
      )
    })

    it('ticket creationRoundBlockHash invalid for creationRound', async () => {
      const t = await makeTicket(chain, { sender: sender(), creationRoundBlockHash: `0x${'22'.repeat(32)}` })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'ticket creationRoundBlockHash invalid for creationRound',
      )
    })

    it('recipientRand does not match recipientRandHash', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: { ...t, recipientRand: t.recipientRand + 1n } }),
        'recipientRand does not match recipientRandHash',
      )
    })

    it('INVALID_SIGNATURE_LENGTH for a 64-byte signature', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), {
          ticket: { ...t, sig: withSigBytes(t.sig, (b) => b.slice(0, 64)) },
        }),
        'INVALID_SIGNATURE_LENGTH',
      )
    })

    it("ECDSA: invalid signature 's' value for a high-s signature", async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const highS = withSigBytes(t.sig, (b) => {
        const s = BigInt(`0x${Buffer.from(b.slice(32, 64)).toString('hex')}`)
        const out = b.slice()
        out.set(Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex'), 32)
        out[64] = b[64] === 27 ? 28 : 27
        return out
      })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: { ...t, sig: highS } }),
        "ECDSA: invalid signature 's' value",
      )
    })

    it("ECDSA: invalid signature 'v' value for v = 29", async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const sig = withSigBytes(t.sig, (b) => {
        const out = b.slice()
        out[64] = 29
        return out
      })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: { ...t, sig } }),
        "ECDSA: invalid signature 'v' value",
      )
    })

    it('ECDSA: invalid signature when nothing can be recovered (r = 0)', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const sig = withSigBytes(t.sig, (b) => {
        const out = b.slice()
        out.fill(0, 0, 32)
        return out
      })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: { ...t, sig } }),
        'ECDSA: invalid signature',
      )
    })

    it('invalid signature over ticket hash when another key signed', async () => {
      const t = await makeTicket(chain, { sender: sender(), signer: chain.accounts.gateways[1]! })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'invalid signature over ticket hash',
      )
    })

    it('ticket did not win', async () => {
      const t = await makeTicket(chain, { sender: sender(), winProb: 1n })
      await expectRevert(redeemWinningTicket(clientFor(chain), { ticket: t }), 'ticket did not win')
    })

    it('sender deposit and reserve are zero', async () => {
      // Anvil account 9 never funded TicketBroker.
      const t = await makeTicket(chain, { sender: chain.allAccounts[9]! })
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'sender deposit and reserve are zero',
      )
    })

    it('ticket is expired once creationRound + ticketValidityPeriod (2) <= currentRound', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      await chain.advanceRound()
      await chain.advanceRound()
      await expectRevert(redeemWinningTicket(clientFor(chain), { ticket: t }), 'ticket is expired')
    })

    it('sender is unlocked after its unlock period', async () => {
      const unlocking = chain.accounts.gateways[2]!
      await unlock(clientFor(chain, unlocking))
      await chain.advanceRound()
      await chain.advanceRound()
      const t = await makeTicket(chain, { sender: unlocking })
      await expectRevert(redeemWinningTicket(clientFor(chain), { ticket: t }), 'sender is unlocked')
    })

    it('current round is not initialized', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const { currentRoundStartBlock, roundLength, blockNumber } = await getRoundInfo(clientFor(chain))
      await chain.mine(Number(currentRoundStartBlock + roundLength - blockNumber))
      await expectRevert(
        redeemWinningTicket(clientFor(chain), { ticket: t }),
        'current round is not initialized',
      )
      await chain.advanceRound()
    })

    it('system is paused', async () => {
      const t = await makeTicket(chain, { sender: sender() })
      const owner = chain.walletClientFor(chain.accounts.deployer)
      const controller = chain.deployment.contracts.controller
      const pause = await owner.writeContract({
        address: controller,
        abi: controllerAbi,
        functionName: 'pause',
      })
      await chain.publicClient.waitForTransactionReceipt({ hash: pause })
      try {
        await expectRevert(redeemWinningTicket(clientFor(chain), { ticket: t }), 'system is paused')
      } finally {
        const unpause = await owner.writeContract({
          address: controller,
          abi: controllerAbi,
          functionName: 'unpause',
        })
        await chain.publicClient.waitForTransactionReceipt({ hash: unpause })
      }
    })
  })

  it('batchRedeemWinningTickets skips a failing ticket without reverting the others', async () => {
    const sender = chain.accounts.gateways[0]!
    const client = clientFor(chain)
    const good1 = await makeTicket(chain, { sender, faceValue: 1000n })
    const losing = await makeTicket(chain, { sender, faceValue: 2000n, winProb: 1n })
    const good2 = await makeTicket(chain, { sender, faceValue: 3000n })

    const result = await batchRedeemWinningTickets(client, {
      tickets: [good1, losing, good2],
      redeemGas: chain.network.redeemGas,
    })

    expect(result.redeemed).toEqual([true, false, true])
    expect(result.amounts).toEqual([1000n, 0n, 3000n])
    expect(await isTicketUsed(client, { ticketHash: hashTicket(good1) })).toBe(true)
    expect(await isTicketUsed(client, { ticketHash: hashTicket(losing) })).toBe(false)
    expect(await isTicketUsed(client, { ticketHash: hashTicket(good2) })).toBe(true)
  })
})
