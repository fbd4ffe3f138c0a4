/**
 * Settlement durability against a real anvil and a real node process: a kill -9 with winners
 * queued loses none and redeems none twice; an RPC outage only delays redemptions; reward() is
 * called once per round, also across a kill -9 and restart.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  bondingManagerAbi,
  getLastInitializedRound,
  getTranscoder,
  isTicketUsed,
  rational,
  ticketBrokerAbi,
} from '@prism/protocol'
import type { Hex } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { payerFor, postPayment, readClient } from './gatewayKit.ts'
import { type NodeProcess, startNode } from './nodeProcess.ts'
import type { NodeConfig } from './paymentNode.ts'
import { openRpcGate, type RpcGate } from './rpcGate.ts'

const FACE = 10n ** 16n

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

type QueueRow = { ticketHash: Hex; status: string }
const queueOf = async (node: NodeProcess) => (await (await fetch(`${node.url}/queue`)).json()) as QueueRow[]

describe('settlement durability (anvil, node process)', () => {
  let chain: DevChain
  const dirs: string[] = []
  const nodes: NodeProcess[] = []
  let gate: RpcGate | undefined
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 3, roundLength: 200 })
  })
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop()
    await gate?.close()
    gate = undefined
  })
  afterAll(async () => {
    await chain?.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  const config = (dataDir: string, over: Partial<NodeConfig> = {}): NodeConfig => ({
    rpcUrl: chain.rpcUrl,
    deployment: chain.deployment,
    ethKey: chain.accounts.orchestrator.privateKey,
    dataDir,
    pricePerUnit: '1000',
    ticketEV: (FACE - 1n).toString(),
    maxFaceValue: FACE.toString(),
    ...over,
  })
  const start = async (cfg: NodeConfig) => {
    const n = await startNode(cfg)
    nodes.push(n)
    return n
  }
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'prism-durable-'))
    dirs.push(d)
    return d
  }
  const payWinners = async (node: NodeProcess, gwIndex: number, session: string) => {
    const payer = await payerFor(chain, chain.accounts.gateways[gwIndex]!, node.url)
    const p = await payer.pay(rational(3n * FACE))
    const res = await postPayment(node.url, p.header, session)
    expect(res.status).toBe(200)
    expect(res.body.winners).toBe(p.tickets)
    return p.tickets
  }
  const redeemedEvents = async (sender: Hex) =>
    chain.publicClient.getContractEvents({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      eventName: 'WinningTicketRedeemed',
      args: { sender, recipient: chain.accounts.orchestrator.address },
      fromBlock: 0n,
    })

  it('kill -9 with winners queued: after a restart every ticket is redeemed exactly once', async () => {
    const dataDir = newDir()
    const gw = chain.accounts.gateways[0]!
    const a = await start(config(dataDir))
    const n = await payWinners(a, 0, 'crash-1')
    const queued = await queueOf(a)
    expect(queued.map((q) => q.status)).toEqual(Array(n).fill('pending'))
    await a.kill9()
    nodes.splice(nodes.indexOf(a), 1)

    await chain.mine(45)
    await chain.advanceRound()
    const b = await start(config(dataDir))
    await until(
      'all redeemed',
      () => queueOf(b),
      (q) => q.length === n && q.every((x) => x.status === 'redeemed'),
    )
    const client = readClient(chain)
    for (const q of queued) expect(await isTicketUsed(client, { ticketHash: q.ticketHash })).toBe(true)

    // Another restart and more blocks: nothing is sent again.
    await b.stop()
    nodes.splice(nodes.indexOf(b), 1)
    const c = await start(config(dataDir))
    await chain.mine(5)
    await until(
      'c saw the blocks',
      () => queueOf(c),
      (q) => q.length === n,
    )
    await new Promise((r) => setTimeout(r, 1500))
    const events = await redeemedEvents(gw.address)
    expect(events).toHaveLength(n)
    expect(new Set(events.map((e) => e.args.senderNonce)).size).toBe(n)
  })

  it('RPC down for a while (and a restart during it): redemptions wait and succeed when it returns', async () => {
    gate = await openRpcGate(chain.rpcUrl)
    const dataDir = newDir()
    const gw = chain.accounts.gateways[1]!
    const first = await start(config(dataDir, { rpcUrl: gate.url }))
    const n = await payWinners(first, 1, 'outage-1')
    await gate.down()
    await chain.mine(45)
    await chain.advanceRound()
    await new Promise((r) => setTimeout(r, 1500))
    expect((await queueOf(first)).every((q) => q.status === 'pending')).toBe(true)
    // The node dies and comes back while the RPC is still down: it starts anyway.
    await first.kill9()
    nodes.splice(nodes.indexOf(first), 1)
    const node = await start(config(dataDir, { rpcUrl: gate.url }))
    await new Promise((r) => setTimeout(r, 1500))
    expect((await queueOf(node)).every((q) => q.status === 'pending')).toBe(true)
    expect(await redeemedEvents(gw.address)).toHaveLength(0)
    await gate.up()
    await until(
      'redeemed after the outage',
      () => queueOf(node),
      (q) => q.every((x) => x.status === 'redeemed'),
    )
    expect(await redeemedEvents(gw.address)).toHaveLength(n)
  })

  it('reward() once per round, also across a kill -9 and restart', async () => {
    const dataDir = newDir()
    const orch = chain.accounts.orchestrator.address
    const client = readClient(chain)
    const rewardEvents = async () =>
      chain.publicClient.getContractEvents({
        address: chain.deployment.contracts.bondingManager,
        abi: bondingManagerAbi,
        eventName: 'Reward',
        args: { transcoder: orch },
        fromBlock: 0n,
      })
    const round = await getLastInitializedRound(client)
    const before = (await rewardEvents()).length
    const a = await start(config(dataDir, { reward: true }))
    await until(
      'rewarded',
      () => getTranscoder(client, { address: orch }),
      (t) => t.lastRewardRound === round,
    )
    expect((await rewardEvents()).length).toBe(before + 1)
    await a.kill9()
    nodes.splice(nodes.indexOf(a), 1)

    const b = await start(config(dataDir, { reward: true }))
    await chain.mine(3)
    await new Promise((r) => setTimeout(r, 1500))
    expect((await rewardEvents()).length).toBe(before + 1)
    expect(b.logs()).not.toMatch(/reward\(\) for round/)

    const next = await chain.advanceRound()
    await until(
      'rewarded next round',
      () => getTranscoder(client, { address: orch }),
      (t) => t.lastRewardRound === next,
    )
    await chain.mine(3)
    await new Promise((r) => setTimeout(r, 1000))
    const events = await rewardEvents()
    expect(events.length).toBe(before + 2)
    expect(b.logs().match(/reward\(\) for round \d+ in/g)).toHaveLength(1)
  })
})
