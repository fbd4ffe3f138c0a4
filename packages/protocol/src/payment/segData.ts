import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { bytesToString, type Hex, stringToBytes } from 'viem'
import { isBaseError } from '../errors/base.ts'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import {
  expectWire,
  readFields,
  readHex,
  readInt64,
  readUint64,
  writeBytes,
  writeHex,
  writeMessage,
} from './wire.ts'

/** net.Capabilities (subset): bitstring words, mandatory words, capacities, version. */
export type SegCapabilities = {
  /** Field 1, repeated uint64 (packed). */
  bitstring: bigint[]
  /** Field 2, repeated uint64 (packed). */
  mandatories: bigint[]
  /** Field 3, map<uint32, uint32>: capability id → capacity. */
  capacities?: Record<number, number>
  /** Field 4, node version. */
  version?: string
}

/** net.AuthToken. */
export type AuthToken = {
  /** Field 1: HMAC bytes. */
  token: Hex
  /** Field 2: session id (the balance key). */
  sessionId: string
  /** Field 3: unix seconds. */
  expiration: bigint
}

/**
 * net.SegData (docs/protocol.md §1.8), the `Livepeer-Segment` credentials. Fields not listed here
 * (storage, full profiles, segment parameters) are skipped on decode.
 */
export type SegData = {
  /** Field 1: manifest id (raw bytes of the string). */
  manifestId: string
  /** Field 2, int64. */
  seq: bigint
  /** Field 3: keccak256 of the segment bytes (32). */
  hash: Hex
  /** Field 4: concatenated 4-byte profile ids. */
  profiles: Hex
  /** Field 5: gateway signature over {@link segmentSignedBytes}. */
  sig: Hex
  /** Field 6, int32: duration in milliseconds. Default: 0. */
  duration?: number
  /** Field 7. */
  capabilities?: SegCapabilities
  /** Field 8. */
  authToken?: AuthToken
  /** Field 10. Default: false. */
  calcPerceptualHash?: boolean
  /** Field 38. Default: false. */
  forceSessionReinit?: boolean
}

function writePackedUint64(w: BinaryWriter, field: number, words: bigint[]): void {
  if (!words.length) return
  w.tag(field, WireType.LengthDelimited).fork()
  for (const x of words) w.uint64(x)
  w.join()
}

/**
 * Serialises SegData with @bufbuild/protobuf's BinaryWriter.
 * @throws HEX_INVALID
 * @example const header = toBase64(encodeSegData(seg))
 */
export function encodeSegData(seg: SegData): Uint8Array {
  const w = new BinaryWriter()
  writeBytes(w, 1, stringToBytes(seg.manifestId))
  if (seg.seq !== 0n) w.tag(2, WireType.Varint).int64(seg.seq)
  writeHex(w, 3, seg.hash, 'hash')
  writeHex(w, 4, seg.profiles, 'profiles')
  writeHex(w, 5, seg.sig, 'sig')
  if (seg.duration) w.tag(6, WireType.Varint).int32(seg.duration)
  const caps = seg.capabilities
  if (caps)
    writeMessage(w, 7, (w) => {
      writePackedUint64(w, 1, caps.bitstring)
      writePackedUint64(w, 2, caps.mandatories)
      for (const [k, v] of Object.entries(caps.capacities ?? {}))
        writeMessage(w, 3, (w) => {
          if (Number(k)) w.tag(1, WireType.Varint).uint32(Number(k))
          if (v) w.tag(2, WireType.Varint).uint32(v)
        })
      if (caps.version) w.tag(4, WireType.LengthDelimited).string(caps.version)
    })
  const auth = seg.authToken
  if (auth)
    writeMessage(w, 8, (w) => {
      writeHex(w, 1, auth.token, 'token')
      if (auth.sessionId) w.tag(2, WireType.LengthDelimited).string(auth.sessionId)
      if (auth.expiration !== 0n) w.tag(3, WireType.Varint).int64(auth.expiration)
    })
  if (seg.calcPerceptualHash) w.tag(10, WireType.Varint).bool(true)
  if (seg.forceSessionReinit) w.tag(38, WireType.Varint).bool(true)
  return w.finish()
}

function readRepeatedUint64(r: BinaryReader, wt: WireType, out: bigint[]): void {
  if (wt === WireType.Varint) {
    out.push(readUint64(r))
    return
  }
  expectWire(wt, WireType.LengthDelimited, 'Capabilities', 1)
  const end = r.uint32() + r.pos
  while (r.pos < end) out.push(readUint64(r))
  if (r.pos !== end) throw new PaymentDecodeFailedError('packed field overruns its length')
}

function readCapabilities(r: BinaryReader): SegCapabilities {
  const c: SegCapabilities = { bitstring: [], mandatories: [] }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1) readRepeatedUint64(r, wt, c.bitstring)
    else if (f === 2) readRepeatedUint64(r, wt, c.mandatories)
    else if (f === 3) {
      expectWire(wt, WireType.LengthDelimited, 'Capabilities', f)
      let k = 0
      let v = 0
      readFields(r, r.uint32(), (mf, mwt) => {
        if (mf !== 1 && mf !== 2) return false
        expectWire(mwt, WireType.Varint, 'Capabilities.capacities', mf)
        if (mf === 1) k = r.uint32()
        else v = r.uint32()
        return true
      })
      c.capacities = { ...c.capacities, [k]: v }
    } else if (f === 4) {
      expectWire(wt, WireType.LengthDelimited, 'Capabilities', f)
      c.version = r.string()
    } else return false
    return true
  })
  return c
}

function readAuthToken(r: BinaryReader): AuthToken {
  const a: AuthToken = { token: '0x', sessionId: '', expiration: 0n }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1 || f === 2) {
      expectWire(wt, WireType.LengthDelimited, 'AuthToken', f)
      if (f === 1) a.token = readHex(r)
      else a.sessionId = r.string()
    } else if (f === 3) {
      expectWire(wt, WireType.Varint, 'AuthToken', f)
      a.expiration = readInt64(r)
    } else return false
    return true
  })
  return a
}

/**
 * Parses SegData bytes (the decoded `Livepeer-Segment` header). Unknown fields are skipped.
 * @throws PAYMENT_DECODE_FAILED
 * @example decodeSegData(fromBase64(req.headers['livepeer-segment']))
 */
export function decodeSegData(bytes: Uint8Array): SegData {
  const s: SegData = { manifestId: '', seq: 0n, hash: '0x', profiles: '0x', sig: '0x' }
  try {
    const r = new BinaryReader(bytes)
    readFields(r, bytes.length, (f, wt) => {
      switch (f) {
        case 1:
          expectWire(wt, WireType.LengthDelimited, 'SegData', f)
          s.manifestId = bytesToString(r.bytes())
          return true
        case 2:
          expectWire(wt, WireType.Varint, 'SegData', f)
          s.seq = readInt64(r)
          return true
        case 3:
        case 4:
        case 5: {
          expectWire(wt, WireType.LengthDelimited, 'SegData', f)
          const v = readHex(r)
          if (f === 3) s.hash = v
          else if (f === 4) s.profiles = v
          else s.sig = v
          return true
        }
        case 6:
          expectWire(wt, WireType.Varint, 'SegData', f)
          s.duration = r.int32()
          return true
        case 7:
          expectWire(wt, WireType.LengthDelimited, 'SegData', f)
          s.capabilities = readCapabilities(r)
          return true
        case 8:
          expectWire(wt, WireType.LengthDelimited, 'SegData', f)
          s.authToken = readAuthToken(r)
          return true
        case 10:
        case 38:
          expectWire(wt, WireType.Varint, 'SegData', f)
          if (f === 10) s.calcPerceptualHash = r.bool()
          else s.forceSessionReinit = r.bool()
          return true
        default:
          return false
      }
    })
  } catch (err) {
    if (isBaseError(err)) throw err
    throw new PaymentDecodeFailedError(err instanceof Error ? err.message : String(err), err)
  }
  return s
}
