/**
 * The `control` data channel (JSON text frames, `v: 1`): gateway → node {@link ControlMessage}s
 * and node → gateway {@link ControlEvent}s. Both ends decode what they receive with
 * {@link decodeControlMessage} / {@link decodeControlEvent}; the node's session answers `ping`
 * with `pong` itself (stages never see it).
 */
import { z } from 'zod'
import { createDecoder } from './decoder.ts'
import { ModelRefSchema, PipelineSpecSchema } from './pipelineSpec.ts'
import { CountSchema, ParamsSchema } from './primitives.ts'

/** Gateway → node messages on the `control` data channel. */
export const ControlMessageSchema = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('update'), stage: CountSchema, params: ParamsSchema }),
  z.object({
    v: z.literal(1),
    type: z.literal('setStage'),
    stage: CountSchema,
    model: ModelRefSchema,
    params: ParamsSchema,
    sha256: z.exactOptional(z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')),
  }),
  z.object({ v: z.literal(1), type: z.literal('setPipeline'), pipeline: PipelineSpecSchema }),
  z.object({ v: z.literal(1), type: z.literal('ping'), t: z.number() }),
])

/** Node → gateway events on the `control` data channel. */
export const ControlEventSchema = z.discriminatedUnion('type', [
  z.object({
    v: z.literal(1),
    type: z.literal('loading'),
    stage: z.exactOptional(CountSchema),
    model: z.exactOptional(z.string()),
  }),
  z.object({
    v: z.literal(1),
    type: z.literal('ready'),
    stage: z.exactOptional(CountSchema),
    model: z.exactOptional(z.string()),
  }),
  z.object({ v: z.literal(1), type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({
    v: z.literal(1),
    type: z.literal('stats'),
    fpsIn: z.number().nonnegative(),
    fpsOut: z.number().nonnegative(),
    dropped: z.number().nonnegative(),
    stageMs: z.array(z.number().nonnegative()),
  }),
  z.object({ v: z.literal(1), type: z.literal('pong'), t: z.number() }),
  /** Output gated (payments), e.g. `reason: 'awaiting prepayment'`; media stops until `resumed`. */
  z.object({ v: z.literal(1), type: z.literal('paused'), reason: z.string() }),
  z.object({ v: z.literal(1), type: z.literal('resumed'), reason: z.string() }),
])

/** A gateway → node control message. */
export type ControlMessage = z.output<typeof ControlMessageSchema>
/** A node → gateway control event. */
export type ControlEvent = z.output<typeof ControlEventSchema>

/**
 * Decodes an untrusted control message (object or JSON string).
 * @throws MESSAGE_INVALID
 * @example decodeControlMessage('{"v":1,"type":"ping","t":1}') // { v: 1, type: 'ping', t: 1 }
 */
export const decodeControlMessage: (input: unknown) => ControlMessage = createDecoder(
  'ControlMessage',
  ControlMessageSchema,
)

/**
 * Decodes an untrusted control event (object or JSON string).
 * @throws MESSAGE_INVALID
 * @example decodeControlEvent({ v: 1, type: 'ready', stage: 0 })
 */
export const decodeControlEvent: (input: unknown) => ControlEvent = createDecoder(
  'ControlEvent',
  ControlEventSchema,
)
