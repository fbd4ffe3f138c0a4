/**
 * Shared zod schemas for JSON messages: addresses and bytes as 0x-hex, integers as decimal
 * strings (JSON numbers cannot hold uint256). Prices are in payment/price.ts.
 */
import { z } from 'zod'

const INT64_MAX = (1n << 63n) - 1n

/** 20-byte address as 0x-hex (any case). */
export const AddressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-hex 20-byte address')
/** 32-byte hash as 0x-hex. */
export const Hash32Schema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x-hex of 32 bytes')
/** Any byte string as 0x-hex (even length). */
export const HexBytesSchema = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x-hex bytes')
/** Non-negative integer as a decimal string (uint256 range). */
export const UintStringSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, 'expected a non-negative decimal integer string')
  .refine((s) => !/^[0-9]+$/.test(s) || BigInt(s) < 1n << 256n, 'integer does not fit uint256')
/** Integer (possibly negative) as a decimal string. */
export const IntStringSchema = z
  .string()
  .regex(/^-?(0|[1-9][0-9]{0,77})$/, 'expected a decimal integer string')
/** Decimal number string, possibly negative and fractional (balances in wei). */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?(0|[1-9][0-9]{0,77})(\.[0-9]{1,78})?$/, 'expected a decimal number string')
/** A non-negative int64 as a decimal string (prices on the wire are int64). */
export const Int64StringSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,18})$/, 'expected a non-negative decimal integer string')
  .refine((s) => !/^[0-9]+$/.test(s) || BigInt(s) <= INT64_MAX, 'integer does not fit int64')

/** Model/stage parameters: flat record of numbers, booleans and strings. */
export const ParamsSchema = z.record(z.string(), z.union([z.number(), z.boolean(), z.string()]))
/** Flat parameter record. */
export type Params = z.output<typeof ParamsSchema>

/** Non-negative safe integer. */
export const CountSchema = z.int().nonnegative()
