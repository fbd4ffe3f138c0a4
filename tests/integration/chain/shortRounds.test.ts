/**
 * A paid stream on a dev chain with rounds of 10 blocks (tickets valid 2 rounds, so each ticket
 * has at most ~20 blocks to be redeemed in): the node bounds its ticket params by the redemption
 * window and redeems every winner before the contract would call it expired, and its automatic
 * withdrawFees sends the fees to the operator's wallet. A payment node process (real
 * PaymentStack) takes payments over `POST /payment` while a RoundTicker mines blocks and
 * initializes rounds, as `prism dev` does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  bondingManagerAbi,
  getPendingFees,
  rational,
  reward,
  setTranscoderParams,
  ticketBrokerAbi,
} from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RoundTicker } from '../../../apps/node/src/dev/RoundTicker.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { payerFor, postPayment, readClient } from '../payment/gatewayKit.ts'
import { type NodeProcess, startNode } from '../payment/nodeProcess.ts'
import { clientFor } from './ticketFixture.ts'

const FACE = 10n ** 16n

type QueueRow = { ticketHash: string; status: string }

async function queue(node: NodeProcess): Promise<QueueRow[]> {
  return (await (await fetch(`${node.url}/queue`)).json()) as QueueRow[]
}

describe('short rounds (10 blocks): every winner is redeemed', () => {
  let chain: DevChain
  let node: NodeProcess
  let ticker: RoundTicker
  let dataDir: string
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 10 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-short-'))
    // ticketEV just below the face value: every ticket wins
    node = await startNode({
      rpcUrl: chain.rpcUrl,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrator.privateKey,
      dataDir,
      pricePerUnit: '1000',
      ticketEV: (FACE - 1n).toString(),
      maxFaceValue: FACE.toString(),
      autoWithdrawFees: (2n * FACE).toString(),
    })
    // fee share 0: every fee is the orchestrator's commission (Livepeer: a claim in round N forgoes
    // the delegator part of fees credited later in round N, so a fee share would blur the sums)
    await reward(clientFor(chain))
    await setTranscoderParams(clientFor(chain), { rewardCut: 100_000n, feeShare: 0n })
    const deployer = chain.walletClientFor(chain.accounts.deployer)
    ticker = new RoundTicker({
      client: { public: chain.publicClient, wallet: deployer, contracts: chain.deployment.contracts },
      blockTimeMs: 400,
    })
  })
  afterAll(async () => {
    await ticker?.close()
    await node?.stop()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('pays over several rounds; no ticket expires before it is redeemed; fees reach the operator', async () => {
    const gw = chain.accounts.gateways[0]!
    const payer = await payerFor(chain, gw, node.url)
    // ticket params never outlive the window: expiry ≤ creation round start + 2 rounds − margin
    const { expirationBlock, expirationParams } = payer.session.ticketParams
    expect(expirationBlock).toBeLessThanOrEqual((expirationParams.creationRound + 2n) * 10n - 1n)
    const startBlock = await chain.publicClient.getBlockNumber()
    let sent = 0
    while ((await chain.publicClient.getBlockNumber()) < startBlock + 40n) {
      const p = await payer.pay(rational(FACE))
      const res = await postPayment(node.url, p.header, 'short-rounds')
      expect(res.status).toBe(200)
      sent += p.tickets
      await new Promise((r) => setTimeout(r, 700))
    }
    expect(sent).toBeGreaterThanOrEqual(4)
    let rows: QueueRow[] = []
    const deadline = Date.now() + 90_000
    while (Date.now() < deadline) {
      rows = await queue(node)
      if (rows.length === sent && rows.every((r) => r.status !== 'pending')) break
      await new Promise((r) => setTimeout(r, 300))
    }
    expect(
      rows.map((r) => r.status),
      node.logs(),
    ).toEqual(Array(sent).fill('redeemed'))
    const transfers = await chain.publicClient.getContractEvents({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      eventName: 'WinningTicketTransfer',
      args: { sender: gw.address, recipient: chain.accounts.orchestrator.address },
      fromBlock: 0n,
    })
    expect(transfers.reduce((s, l) => s + (l.args.amount ?? 0n), 0n)).toBe(BigInt(sent) * FACE)
    // -autoWithdrawFees: the fees (all the orchestrator's: no delegators) go to its wallet
    const operator = chain.accounts.orchestrator.address
    let withdrawn = 0n
    const until = Date.now() + 60_000
    while (Date.now() < until) {
      const logs = await chain.publicClient.getContractEvents({
        address: chain.deployment.contracts.bondingManager,
        abi: bondingManagerAbi,
        eventName: 'WithdrawFees',
        args: { delegator: operator },
        fromBlock: 0n,
      })
      expect(logs.every((l) => l.args.recipient === operator)).toBe(true)
      withdrawn = logs.reduce((s, l) => s + (l.args.amount ?? 0n), 0n)
      const left = await getPendingFees(readClient(chain), { delegator: operator })
      if (withdrawn > 0n && left < 2n * FACE && withdrawn + left === BigInt(sent) * FACE) break
      await new Promise((r) => setTimeout(r, 300))
    }
    const left = await getPendingFees(readClient(chain), { delegator: operator })
    // every wei of the redeemed face values: withdrawn to the operator, or still below the threshold
    expect(withdrawn + left).toBe(BigInt(sent) * FACE)
    expect(withdrawn).toBeGreaterThanOrEqual(2n * FACE)
  })
})
