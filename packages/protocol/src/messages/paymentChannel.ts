import { z } from 'zod'
import { PriceJsonSchema } from '../payment/price.ts'
import { TicketParamsJsonSchema } from '../payment/ticketParams.ts'
import { createDecoder } from './decoder.ts'
import { CountSchema, DecimalStringSchema, Int64StringSchema } from './primitives.ts'

/** Padded standard base64 (the `Livepeer-Payment` header alphabet). */
export const Base64Schema = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
    'expected padded standard base64',
  )

/** Gateway → node messages on the `payment` data channel. */
export const PaymentChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('payment'), seq: CountSchema, payment: Base64Schema }),
])

/** Node → gateway events on the `payment` data channel. Amounts in wei as decimal strings. */
export const PaymentChannelEventSchema = z.discriminatedUnion('type', [
  z.object({
    v: z.literal(1),
    type: z.literal('balance'),
    balance: DecimalStringSchema,
    credited: DecimalStringSchema,
    debited: DecimalStringSchema,
    pricePerUnit: Int64StringSchema,
    pixelsPerUnit: Int64StringSchema,
  }),
  z.object({
    v: z.literal(1),
    type: z.literal('paymentAck'),
    seq: CountSchema,
    accepted: CountSchema,
    winners: CountSchema,
  }),
  z.object({
    v: z.literal(1),
    type: z.literal('paymentError'),
    seq: z.exactOptional(CountSchema),
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    v: z.literal(1),
    type: z.literal('ticketParams'),
    ticketParams: TicketParamsJsonSchema,
    price: PriceJsonSchema,
  }),
  z.object({ v: z.literal(1), type: z.literal('paused'), reason: z.string() }),
  z.object({ v: z.literal(1), type: z.literal('resumed') }),
  z.object({ v: z.literal(1), type: z.literal('closing'), reason: z.string() }),
])

/** A gateway → node payment-channel message. */
export type PaymentChannelMessage = z.output<typeof PaymentChannelMessageSchema>
/** A node → gateway payment-channel event. */
export type PaymentChannelEvent = z.output<typeof PaymentChannelEventSchema>

/**
 * Decodes an untrusted payment-channel message (object or JSON string).
 * @throws MESSAGE_INVALID
 * @example decodePaymentChannelMessage({ v: 1, type: 'payment', seq: 1, payment: paymentToHeader(p) })
 */
export const decodePaymentChannelMessage: (input: unknown) => PaymentChannelMessage = createDecoder(
  'PaymentChannelMessage',
  PaymentChannelMessageSchema,
)

/**
 * Decodes an untrusted payment-channel event (object or JSON string).
 * @throws MESSAGE_INVALID
 * @example decodePaymentChannelEvent('{"v":1,"type":"resumed"}')
 */
export const decodePaymentChannelEvent: (input: unknown) => PaymentChannelEvent = createDecoder(
  'PaymentChannelEvent',
  PaymentChannelEventSchema,
)
