import { z } from 'zod'
import { PriceJsonSchema } from '../payment/price.ts'
import { TicketParamsJsonSchema } from '../payment/ticketParams.ts'
import { createDecoder } from './decoder.ts'
import { AddressSchema, CountSchema, UintStringSchema } from './primitives.ts'

/** A pipeline an orchestrator offers, with an optional per-pipeline price. */
export const PipelineOfferSchema = z.object({
  kind: z.enum(['passthrough', 'transcode', 'ai']),
  price: z.exactOptional(PriceJsonSchema),
  profiles: z.exactOptional(z.array(z.string())),
})

/** A tunable parameter of a model. */
export const ModelParamSchema = z.object({
  name: z.string().min(1),
  min: z.number(),
  max: z.number(),
  default: z.number(),
  step: z.exactOptional(z.number().positive()),
})

/** A model an orchestrator can run in an `ai` pipeline. */
export const ModelInfoSchema = z.object({
  id: z.string().min(1),
  description: z.string(),
  params: z.array(ModelParamSchema),
})

/**
 * What an orchestrator tells gateways about itself (`GET /info`, JSON). `version: 1`.
 * `ticketParams` is present when the request named a sender.
 */
export const OrchestratorInfoSchema = z.object({
  version: z.literal(1),
  address: AddressSchema,
  serviceURI: z.string().min(1),
  nodeVersion: z.string(),
  price: PriceJsonSchema,
  ticketParams: z.exactOptional(TicketParamsJsonSchema),
  capabilities: z.array(CountSchema),
  capabilityBitstring: z.array(
    UintStringSchema.refine((s) => !/^[0-9]+$/.test(s) || BigInt(s) < 1n << 64n, 'word does not fit uint64'),
  ),
  pipelines: z.array(PipelineOfferSchema),
  models: z.array(ModelInfoSchema),
  capacity: z.object({ maxSessions: CountSchema, sessions: CountSchema }),
  encoder: z.string(),
  transcoders: z.exactOptional(
    z.array(z.object({ id: z.string(), capacity: CountSchema, load: z.number().nonnegative() })),
  ),
})

/** Decoded OrchestratorInfo. */
export type OrchestratorInfo = z.output<typeof OrchestratorInfoSchema>
/** A pipeline offer in {@link OrchestratorInfo}. */
export type PipelineOffer = z.output<typeof PipelineOfferSchema>
/** A model in {@link OrchestratorInfo}. */
export type ModelInfo = z.output<typeof ModelInfoSchema>

/**
 * Decodes untrusted OrchestratorInfo (object or JSON string).
 *
 * @throws MESSAGE_INVALID naming the failing field, e.g. `ticketParams.faceValue`.
 * @example
 * const info = decodeOrchestratorInfo(await (await fetch(`${url}/info?sender=${addr}`)).json())
 */
export const decodeOrchestratorInfo: (input: unknown) => OrchestratorInfo = createDecoder(
  'OrchestratorInfo',
  OrchestratorInfoSchema,
)
