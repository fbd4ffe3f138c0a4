/**
 * The price vocabulary: price per pixel as `pricePerUnit / pixelsPerUnit` wei, as bigints
 * ({@link PriceInfo}, net.PriceInfo) and as JSON decimal strings ({@link PriceJson}), with the
 * codecs between them and the protobuf codec.
 */
import { type BinaryReader, type BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { z } from 'zod'
import { Int64StringSchema } from '../messages/primitives.ts'
import { expectWire, readFields, readInt64 } from './wire.ts'

/** net.PriceInfo: price per pixel = pricePerUnit / pixelsPerUnit (wei). */
export type PriceInfo = {
  /** Field 1, int64. */
  pricePerUnit: bigint
  /** Field 2, int64. */
  pixelsPerUnit: bigint
  /** Field 3, uint32 capability id (AI prices). Default: 0 (omitted). */
  capability?: number
  /** Field 4, model id for AI prices. Default: '' (omitted). */
  constraint?: string
}

/** Price per pixel as `pricePerUnit / pixelsPerUnit` (wei), decimal strings, pixelsPerUnit > 0. */
export const PriceJsonSchema = z.object({
  pricePerUnit: Int64StringSchema,
  pixelsPerUnit: Int64StringSchema.refine((s) => s !== '0', 'pixelsPerUnit must be > 0'),
})

/** JSON price, `{ pricePerUnit, pixelsPerUnit }` as decimal strings. */
export type PriceJson = z.output<typeof PriceJsonSchema>

/**
 * The JSON form of a price (capability and constraint are not part of it).
 * @example priceToJson({ pricePerUnit: 1200n, pixelsPerUnit: 1n }) // { pricePerUnit: '1200', pixelsPerUnit: '1' }
 */
export function priceToJson(price: PriceInfo): PriceJson {
  return { pricePerUnit: price.pricePerUnit.toString(), pixelsPerUnit: price.pixelsPerUnit.toString() }
}

/**
 * A validated JSON price as bigints.
 * @example priceFromJson({ pricePerUnit: '1200', pixelsPerUnit: '1' }) // { pricePerUnit: 1200n, pixelsPerUnit: 1n }
 */
export function priceFromJson(json: PriceJson): PriceInfo {
  return { pricePerUnit: BigInt(json.pricePerUnit), pixelsPerUnit: BigInt(json.pixelsPerUnit) }
}

/** Writes the body of a net.PriceInfo (proto3 defaults omitted). */
export function writePriceInfo(w: BinaryWriter, p: PriceInfo): void {
  if (p.pricePerUnit !== 0n) w.tag(1, WireType.Varint).int64(p.pricePerUnit)
  if (p.pixelsPerUnit !== 0n) w.tag(2, WireType.Varint).int64(p.pixelsPerUnit)
  if (p.capability) w.tag(3, WireType.Varint).uint32(p.capability)
  if (p.constraint) w.tag(4, WireType.LengthDelimited).string(p.constraint)
}

/**
 * Reads a length-prefixed net.PriceInfo.
 * @throws PAYMENT_DECODE_FAILED for wrong wire types, truncated data or invalid UTF-8.
 */
export function readPriceInfo(r: BinaryReader): PriceInfo {
  const p: PriceInfo = { pricePerUnit: 0n, pixelsPerUnit: 0n }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1 || f === 2) {
      expectWire(wt, WireType.Varint, 'PriceInfo', f)
      if (f === 1) p.pricePerUnit = readInt64(r)
      else p.pixelsPerUnit = readInt64(r)
    } else if (f === 3) {
      expectWire(wt, WireType.Varint, 'PriceInfo', f)
      p.capability = r.uint32()
    } else if (f === 4) {
      expectWire(wt, WireType.LengthDelimited, 'PriceInfo', f)
      p.constraint = r.string()
    } else return false
    return true
  })
  return p
}
