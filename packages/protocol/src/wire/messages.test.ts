/**
 * Every net message at the field numbers and types of go-livepeer 0.9.1 (the table below is
 * go-livepeer's, written out independently of net.proto), and a protobuf round trip of each with
 * every field set.
 */
import {
  create,
  type DescField,
  type DescMessage,
  equals,
  fromBinary,
  ScalarType,
  toBinary,
} from '@bufbuild/protobuf'
import { BinaryReader } from '@bufbuild/protobuf/wire'
import { toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  file_net,
  NotifySegmentSchema,
  OrchestratorInfoSchema,
  PaymentResultSchema,
  SegDataSchema,
  TranscodeResultSchema,
  VideoProfileSchema,
} from './gen/net_pb.ts'

const caps = 'net.Capabilities'
const SPEC: Record<string, Record<string, string>> = {
  'net.PingPong': { value: '1 bytes' },
  'net.EndTranscodingSessionRequest': { auth_token: '1 net.AuthToken' },
  'net.EndTranscodingSessionResponse': {},
  'net.OrchestratorRequest': {
    address: '1 bytes',
    sig: '2 bytes',
    capabilities: `3 ${caps}`,
    ignoreCapacityCheck: '4 bool',
  },
  'net.OSInfo': { storageType: '1 enum net.OSInfo.StorageType', s3info: '16 net.S3OSInfo' },
  'net.S3OSInfo': {
    host: '1 string',
    key: '2 string',
    policy: '3 string',
    signature: '4 string',
    credential: '5 string',
    xAmzDate: '6 string',
  },
  'net.PriceInfo': {
    pricePerUnit: '1 int64',
    pixelsPerUnit: '2 int64',
    capability: '3 uint32',
    constraint: '4 string',
  },
  'net.Capabilities': {
    bitstring: '1 repeated uint64',
    mandatories: '2 repeated uint64',
    capacities: '3 map<uint32, uint32>',
    version: '4 string',
    constraints: '5 net.Capabilities.Constraints',
  },
  'net.Capabilities.Constraints': {
    minVersion: '1 string',
    PerCapability: '2 map<uint32, net.Capabilities.CapabilityConstraints>',
  },
  'net.Capabilities.CapabilityConstraints': {
    models: '1 map<string, net.Capabilities.CapabilityConstraints.ModelConstraint>',
  },
  'net.Capabilities.CapabilityConstraints.ModelConstraint': {
    warm: '1 bool',
    capacity: '2 uint32',
    runnerVersion: '3 string',
    capacityInUse: '4 uint32',
  },
  'net.OrchestratorInfo': {
    transcoder: '1 string',
    ticket_params: '2 net.TicketParams',
    price_info: '3 net.PriceInfo',
    address: '4 bytes',
    capabilities: `5 ${caps}`,
    auth_token: '6 net.AuthToken',
    hardware: '7 repeated net.HardwareInformation',
    storage: '32 repeated net.OSInfo',
    capabilities_prices: '33 repeated net.PriceInfo',
    nodes: '34 repeated string',
  },
  'net.AuthToken': { token: '1 bytes', session_id: '2 string', expiration: '3 int64' },
  'net.SegData': {
    manifestId: '1 bytes',
    seq: '2 int64',
    hash: '3 bytes',
    profiles: '4 bytes',
    sig: '5 bytes',
    duration: '6 int32',
    capabilities: `7 ${caps}`,
    auth_token: '8 net.AuthToken',
    calc_perceptual_hash: '10 bool',
    storage: '32 repeated net.OSInfo',
    fullProfiles: '33 repeated net.VideoProfile',
    fullProfiles2: '34 repeated net.VideoProfile',
    fullProfiles3: '35 repeated net.VideoProfile',
    segment_parameters: '37 net.SegParameters',
    ForceSessionReinit: '38 bool',
  },
  'net.SegParameters': { from: '1 uint64', to: '2 uint64' },
  'net.VideoProfile': {
    name: '16 string',
    width: '17 int32',
    height: '18 int32',
    bitrate: '19 int32',
    fps: '20 uint32',
    format: '21 enum net.VideoProfile.Format',
    fpsDen: '22 uint32',
    profile: '23 enum net.VideoProfile.Profile',
    gop: '24 int32',
    encoder: '25 enum net.VideoProfile.VideoCodec',
    colorDepth: '26 int32',
    chromaFormat: '27 enum net.VideoProfile.ChromaSubsampling',
    quality: '28 uint32',
  },
  'net.TranscodedSegmentData': { url: '1 string', pixels: '2 int64', perceptual_hash_url: '3 string' },
  'net.TranscodeData': { segments: '1 repeated net.TranscodedSegmentData', sig: '2 bytes' },
  'net.TranscodeResult': {
    seq: '1 int64',
    error: '2 string oneof result',
    data: '3 net.TranscodeData oneof result',
    info: '16 net.OrchestratorInfo',
  },
  'net.PaymentResult': { info: '16 net.OrchestratorInfo' },
  'net.RegisterRequest': { secret: '1 string', capacity: '2 int64', capabilities: `3 ${caps}` },
  'net.NotifySegment': {
    url: '1 string',
    segData: '3 net.SegData',
    taskId: '16 int64',
    profiles: '17 bytes',
    orchId: '18 string',
  },
  'net.RegisterAIWorkerRequest': {
    secret: '1 string',
    capabilities: `2 ${caps}`,
    hardware: '3 repeated net.HardwareInformation',
  },
  'net.AIJobData': { pipeline: '1 string', requestData: '2 bytes' },
  'net.NotifyAIJob': { AIJobData: '1 net.AIJobData', taskId: '2 int64' },
  'net.TicketParams': {
    recipient: '1 bytes',
    face_value: '2 bytes',
    win_prob: '3 bytes',
    recipient_rand_hash: '4 bytes',
    seed: '5 bytes',
    expiration_block: '6 bytes',
    expiration_params: '7 net.TicketExpirationParams',
  },
  'net.TicketSenderParams': { sender_nonce: '1 uint32', sig: '2 bytes' },
  'net.TicketExpirationParams': { creation_round: '1 int64', creation_round_block_hash: '2 bytes' },
  'net.Payment': {
    ticket_params: '1 net.TicketParams',
    sender: '2 bytes',
    expiration_params: '3 net.TicketExpirationParams',
    ticket_sender_params: '4 repeated net.TicketSenderParams',
    expected_price: '5 net.PriceInfo',
  },
  'net.GPUComputeInfo': {
    id: '1 string',
    name: '2 string',
    major: '4 uint32',
    minor: '5 uint32',
    memory_free: '6 int64',
    memory_total: '7 int64',
  },
  'net.HardwareInformation': {
    pipeline: '1 string',
    model_id: '2 string',
    gpu_info: '3 map<string, net.GPUComputeInfo>',
  },
}

const scalar = (t: ScalarType) => ScalarType[t].toLowerCase()

function describeField(f: DescField): string {
  let t: string
  if (f.fieldKind === 'scalar') t = scalar(f.scalar)
  else if (f.fieldKind === 'enum') t = `enum ${f.enum.typeName}`
  else if (f.fieldKind === 'message') t = f.message.typeName
  else if (f.fieldKind === 'list')
    t = `repeated ${f.listKind === 'scalar' ? scalar(f.scalar) : f.listKind === 'enum' ? `enum ${f.enum.typeName}` : f.message.typeName}`
  else
    t = `map<${scalar(f.mapKey)}, ${f.mapKind === 'scalar' ? scalar(f.scalar) : f.mapKind === 'enum' ? f.enum.typeName : f.message.typeName}>`
  return `${f.number} ${t}${f.oneof ? ` oneof ${f.oneof.name}` : ''}`
}

function allMessages(): DescMessage[] {
  const out: DescMessage[] = []
  const walk = (m: DescMessage) => {
    out.push(m)
    for (const n of m.nestedMessages) if (!n.typeName.endsWith('Entry')) walk(n)
  }
  for (const m of file_net.messages) walk(m)
  return out
}

function scalarValue(t: ScalarType, depth: number): unknown {
  switch (t) {
    case ScalarType.STRING:
      return `s${depth}é`
    case ScalarType.BYTES:
      return new Uint8Array([depth + 1, 0, 255])
    case ScalarType.BOOL:
      return true
    case ScalarType.INT64:
      return -(2n ** 40n) - BigInt(depth)
    case ScalarType.UINT64:
      return 2n ** 63n + BigInt(depth)
    case ScalarType.INT32:
      return -7 - depth
    default:
      return 4_000_000_000 - depth
  }
}

/** A message with every field set to a non-default value (nested up to depth 3). */
function filled(desc: DescMessage, depth = 0): Record<string, unknown> {
  const init: Record<string, unknown> = {}
  for (const oneof of desc.oneofs) {
    const f = oneof.fields[depth % oneof.fields.length]!
    init[oneof.localName] = { case: f.localName, value: valueFor(f, depth) }
  }
  for (const f of desc.fields) {
    if (f.oneof) continue
    if (f.fieldKind === 'message' && depth >= 3) continue
    init[f.localName] = valueFor(f, depth)
  }
  return init
}

function valueFor(f: DescField, depth: number): unknown {
  const lastEnum = (values: { number: number }[]) => values[values.length - 1]!.number
  if (f.fieldKind === 'scalar') return scalarValue(f.scalar, depth)
  if (f.fieldKind === 'enum') return lastEnum(f.enum.values)
  if (f.fieldKind === 'message') return create(f.message, filled(f.message, depth + 1))
  if (f.fieldKind === 'list') {
    if (f.listKind === 'scalar') return [scalarValue(f.scalar, depth), scalarValue(f.scalar, depth + 1)]
    if (f.listKind === 'enum') return [lastEnum(f.enum.values)]
    return depth >= 3 ? [] : [create(f.message, filled(f.message, depth + 1))]
  }
  const key = f.mapKey === ScalarType.STRING ? 'model-a' : 35
  const value =
    f.mapKind === 'scalar'
      ? scalarValue(f.scalar, depth)
      : f.mapKind === 'enum'
        ? lastEnum(f.enum.values)
        : create(f.message, filled(f.message, depth + 1))
  return { [key]: value }
}

function topLevelFieldNumbers(bytes: Uint8Array): number[] {
  const r = new BinaryReader(bytes)
  const seen = new Set<number>()
  while (r.pos < r.len) {
    const [n, wt] = r.tag()
    seen.add(n)
    r.skip(wt, n)
  }
  return [...seen].sort((a, b) => a - b)
}

describe('net messages', () => {
  const messages = allMessages()

  it('declares every message of the spec, with its field numbers and types', () => {
    expect(messages.map((m) => m.typeName).sort()).toEqual(Object.keys(SPEC).sort())
    for (const m of messages) {
      const actual = Object.fromEntries(m.fields.map((f) => [f.name, describeField(f)]))
      expect({ [m.typeName]: actual }).toEqual({ [m.typeName]: SPEC[m.typeName] })
    }
  })

  it('declares the enums with their values', () => {
    const enums = Object.fromEntries(
      messages
        .flatMap((m) => m.nestedEnums)
        .map((e) => [e.typeName, e.values.map((v) => `${v.name}=${v.number}`)]),
    )
    expect(enums).toEqual({
      'net.OSInfo.StorageType': ['DIRECT=0', 'S3=1', 'GOOGLE=2'],
      'net.VideoProfile.Format': ['MPEGTS=0', 'MP4=1'],
      'net.VideoProfile.Profile': [
        'ENCODER_DEFAULT=0',
        'H264_BASELINE=1',
        'H264_MAIN=2',
        'H264_HIGH=3',
        'H264_CONSTRAINED_HIGH=4',
      ],
      'net.VideoProfile.VideoCodec': ['H264=0', 'H265=1', 'VP8=2', 'VP9=3'],
      'net.VideoProfile.ChromaSubsampling': ['CHROMA_420=0', 'CHROMA_422=1', 'CHROMA_444=2'],
    })
  })

  it('declares the services and methods', () => {
    const methods = file_net.services.flatMap((s) =>
      s.methods.map(
        (m) => `/${s.typeName}/${m.name} ${m.methodKind} ${m.input.typeName} → ${m.output.typeName}`,
      ),
    )
    expect(methods).toEqual([
      '/net.Orchestrator/GetOrchestrator unary net.OrchestratorRequest → net.OrchestratorInfo',
      '/net.Orchestrator/EndTranscodingSession unary net.EndTranscodingSessionRequest → net.EndTranscodingSessionResponse',
      '/net.Orchestrator/Ping unary net.PingPong → net.PingPong',
      '/net.Transcoder/RegisterTranscoder server_streaming net.RegisterRequest → net.NotifySegment',
      '/net.AIWorker/RegisterAIWorker server_streaming net.RegisterAIWorkerRequest → net.NotifyAIJob',
    ])
  })

  it.each(allMessages().map((m) => [m.typeName, m] as const))(
    '%s round-trips with every field set',
    (_, desc) => {
      const msg = create(desc, filled(desc))
      const bytes = toBinary(desc, msg)
      const back = fromBinary(desc, bytes)
      expect(equals(desc, back, msg)).toBe(true)
      const expected = desc.fields
        .filter((f) => !f.oneof || f === desc.oneofs[0]?.fields[0])
        .map((f) => f.number)
      expect(topLevelFieldNumbers(bytes)).toEqual(expected.sort((a, b) => a - b))
    },
  )

  it('writes high field numbers with two-byte tags', () => {
    const hex = (b: Uint8Array) => toHex(b).slice(2)
    expect(hex(toBinary(VideoProfileSchema, create(VideoProfileSchema, { name: 'a' })))).toBe('82010161')
    expect(
      hex(
        toBinary(
          SegDataSchema,
          create(SegDataSchema, { fullProfiles: [create(VideoProfileSchema, { width: 1 })] }),
        ),
      ),
    ).toBe('8a0203880101')
    expect(hex(toBinary(SegDataSchema, create(SegDataSchema, { ForceSessionReinit: true })))).toBe('b00201')
    expect(hex(toBinary(NotifySegmentSchema, create(NotifySegmentSchema, { taskId: 1n, orchId: 'o' })))).toBe(
      '8001019201016f',
    )
    expect(
      hex(
        toBinary(
          TranscodeResultSchema,
          create(TranscodeResultSchema, { seq: 7n, result: { case: 'error', value: 'OrchestratorBusy' } }),
        ),
      ),
    ).toBe(`08071210${hex(new TextEncoder().encode('OrchestratorBusy'))}`)
    const info = create(OrchestratorInfoSchema, { transcoder: 'x' })
    expect(hex(toBinary(PaymentResultSchema, create(PaymentResultSchema, { info })))).toBe('8201030a0178')
    expect(hex(toBinary(OrchestratorInfoSchema, create(OrchestratorInfoSchema, { nodes: ['n'] })))).toBe(
      '9202016e',
    )
  })
})
