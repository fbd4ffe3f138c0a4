import { describe, expect, it } from 'vitest'
import { MessageInvalidError } from '../errors/message.ts'
import { ticketParamsFromJson, ticketParamsToJson } from '../payment/ticketParams.ts'
import { decodeOrchestratorInfo } from './orchestratorInfo.ts'

const ticketParams = {
  recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
  faceValue: '1200000000000000',
  winProb: '771947261582107969490473233391252719021799897770937093596383896000000000',
  recipientRandHash: '0xc65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8',
  seed: '0x01ff',
  expirationBlock: '1040',
  expirationParams: {
    creationRound: '3000',
    creationRoundBlockHash: '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d',
  },
}

const info = {
  version: 1,
  address: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
  serviceURI: 'https://127.0.0.1:8935',
  nodeVersion: '0.1.0',
  price: { pricePerUnit: '1200', pixelsPerUnit: '1' },
  ticketParams,
  capabilities: [0, 1, 35],
  capabilityBitstring: ['34359738371'],
  pipelines: [
    { kind: 'transcode', profiles: ['P240p30fps16x9'] },
    { kind: 'ai', price: { pricePerUnit: '3', pixelsPerUnit: '2' } },
  ],
  models: [
    {
      id: 'invert',
      description: 'Inverts colours',
      params: [{ name: 'amount', min: 0, max: 1, default: 1, step: 0.1 }],
    },
  ],
  capacity: { maxSessions: 10, sessions: 2 },
  encoder: 'libx264',
  transcoders: [{ id: 't1', capacity: 4, load: 1 }],
}

function fail(input: unknown): MessageInvalidError {
  try {
    decodeOrchestratorInfo(input)
  } catch (e) {
    if (e instanceof MessageInvalidError) return e
    throw e
  }
  throw new Error('expected MessageInvalidError')
}

describe('decodeOrchestratorInfo', () => {
  it('decodes a full info object and a JSON string of it', () => {
    expect(decodeOrchestratorInfo(info)).toEqual(info)
    expect(decodeOrchestratorInfo(JSON.stringify(info))).toEqual(info)
  })

  it('accepts info without ticketParams and transcoders, and drops unknown fields', () => {
    const { ticketParams: _t, transcoders: _x, ...rest } = info
    const out = decodeOrchestratorInfo({ ...rest, extra: true })
    expect(out).not.toHaveProperty('ticketParams')
    expect(out).not.toHaveProperty('extra')
  })

  it('names the failing field', () => {
    expect(fail({ ...info, version: 2 }).path).toBe('version')
    const e = fail({ ...info, ticketParams: { ...ticketParams, faceValue: '12.5' } })
    expect(e.code).toBe('MESSAGE_INVALID')
    expect(e.path).toBe('ticketParams.faceValue')
    expect(e.message).toContain('ticketParams.faceValue')
    expect(fail({ ...info, price: { pricePerUnit: '1', pixelsPerUnit: '0' } }).path).toBe(
      'price.pixelsPerUnit',
    )
    expect(fail({ ...info, address: '0x1234' }).path).toBe('address')
    expect(fail({ ...info, capabilityBitstring: [(2n ** 64n).toString()] }).path).toBe(
      'capabilityBitstring.0',
    )
    expect(fail({ ...info, pipelines: [{ kind: 'other' }] }).path).toBe('pipelines.0.kind')
  })

  it('rejects non-objects and bad JSON with a typed error', () => {
    expect(fail(null).path).toBe('')
    expect(fail('{nope').message).toContain('not valid JSON')
    expect(fail(42)).toBeInstanceOf(MessageInvalidError)
  })
})

describe('ticketParamsFromJson / ticketParamsToJson', () => {
  it('round-trips and converts numbers to bigints', () => {
    const p = ticketParamsFromJson(ticketParams)
    expect(p.faceValue).toBe(1200000000000000n)
    expect(p.expirationParams.creationRound).toBe(3000n)
    expect(p.seed).toBe('0x01ff')
    expect(ticketParamsToJson(p)).toEqual(ticketParams)
  })
})
