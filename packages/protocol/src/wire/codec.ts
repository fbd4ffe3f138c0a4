import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf'
import { WireDecodeFailedError } from './errors.ts'

/**
 * Serialises a net message (fields in field-number order, proto3 defaults omitted, as protobuf-go).
 * @example encodeWire(PingPongSchema, create(PingPongSchema, { value }))
 */
export function encodeWire<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  return toBinary(schema, message)
}

/**
 * Parses net message bytes. Unknown fields are kept (and written back by {@link encodeWire}).
 * @throws WIRE_DECODE_FAILED for truncated data, wrong wire types or invalid UTF-8.
 * @example decodeWire(TranscodeResultSchema, new Uint8Array(await res.arrayBuffer()))
 */
export function decodeWire<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes)
  } catch (err) {
    throw new WireDecodeFailedError(err instanceof Error ? err.message : String(err), err)
  }
}
