/** `GET /info[?sender=0x…]`: OrchestratorInfo, extended by contributors, validated by its schema. */
import {
  CAPABILITIES,
  capabilityBitstring,
  decodeOrchestratorInfo,
  isBaseError,
  type OrchestratorInfo,
} from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { logger } from '../../../lib/logger.ts'
import type { Orchestrator } from '../../Orchestrator.ts'
import type { PricePolicy } from '../../payment/pricePolicy.ts'
import { InfoInvalidError, RequestInvalidError } from '../errors.ts'
import type { InfoContributor } from '../ServerTypes.ts'

/** Options of the info plugin. */
export type InfoPluginOptions = {
  orchestrator: Orchestrator
  address: string
  serviceURI: () => string
  nodeVersion: string
  /** The node's price; `price` is its base price (contributors may quote a sender's price). */
  pricePolicy: PricePolicy
  contributors: InfoContributor[]
}

/** Livepeer capability ids the node offers (docs/protocol.md §10). */
export function offeredCapabilities(kinds: string[]): number[] {
  const caps: number[] = [
    CAPABILITIES.H264,
    CAPABILITIES.MPEGTS,
    CAPABILITIES.ProfileH264Baseline,
    CAPABILITIES.ProfileH264Main,
    CAPABILITIES.ProfileH264High,
    CAPABILITIES.GOP,
    CAPABILITIES.VP8_Decode,
  ]
  if (kinds.includes('ai')) caps.push(CAPABILITIES.LiveVideoToVideo)
  return caps.sort((a, b) => a - b)
}

/** Registers `/info`. */
export function infoPlugin(app: FastifyInstance, opts: InfoPluginOptions): void {
  app.get('/info', async (req) => {
    const q = req.query as { sender?: unknown }
    if (q.sender !== undefined && (typeof q.sender !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(q.sender)))
      throw new RequestInvalidError('sender must be a 0x-prefixed 20-byte hex address')
    const orch = opts.orchestrator
    const kinds = orch.pipelineKinds.map((k) => k.kind)
    const caps = offeredCapabilities(kinds)
    let info: OrchestratorInfo = {
      version: 1,
      address: opts.address,
      serviceURI: opts.serviceURI(),
      nodeVersion: opts.nodeVersion,
      price: opts.pricePolicy.baseJson(),
      capabilities: caps,
      capabilityBitstring: capabilityBitstring(caps).map((w) => w.toString()),
      pipelines: orch.pipelineKinds.map((k) => k.describe()) as OrchestratorInfo['pipelines'],
      models: [],
      capacity: { maxSessions: orch.maxSessions, sessions: orch.sessionCounts.admitted },
      encoder: orch.encoder.encoder,
    }
    const ctx = typeof q.sender === 'string' ? { sender: q.sender, request: req } : { request: req }
    for (const c of opts.contributors) info = { ...info, ...(await c(info, ctx)) }
    try {
      return decodeOrchestratorInfo(info)
    } catch (err) {
      if (isBaseError(err) && err.code !== 'MESSAGE_INVALID') throw err
      logger.error('/info does not validate', err)
      throw new InfoInvalidError(err)
    }
  })
}
