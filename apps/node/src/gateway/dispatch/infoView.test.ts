import { create } from '@bufbuild/protobuf'
import { decodeOrchestratorInfo, net, netCapabilities, priceFromJson } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { infoView, ticketParamsJson } from './infoView.ts'

const recipient = Uint8Array.from({ length: 20 }, (_, i) => i + 1)

function info(): net.OrchestratorInfo {
  return create(net.OrchestratorInfoSchema, {
    transcoder: 'https://o.example:8935',
    address: recipient,
    priceInfo: create(net.PriceInfoSchema, { pricePerUnit: 303n, pixelsPerUnit: 250n }),
    capabilities: netCapabilities({ capabilities: [0, 1, 12], capacities: { 12: 7 }, version: '0.9.1' }),
    ticketParams: create(net.TicketParamsSchema, {
      recipient,
      faceValue: Uint8Array.of(0x03, 0x8d, 0x7e, 0xa4, 0xc6, 0x80, 0x00), // 10^15
      winProb: Uint8Array.of(0xff, 0xff),
      recipientRandHash: new Uint8Array(32).fill(0xaa),
      seed: Uint8Array.of(0x00, 0x01, 0x02),
      expirationBlock: Uint8Array.of(0x01, 0x00),
      expirationParams: create(net.TicketExpirationParamsSchema, {
        creationRound: 1234n,
        creationRoundBlockHash: new Uint8Array(32).fill(0x11),
      }),
    }),
  })
}

describe('infoView', () => {
  it('keeps the quoted price and ticket params exactly (the gateway echoes them)', () => {
    const view = decodeOrchestratorInfo(infoView(info(), 'https://fallback'))
    expect(view.price).toEqual({ pricePerUnit: '303', pixelsPerUnit: '250' })
    expect(priceFromJson(view.price)).toMatchObject({ pricePerUnit: 303n, pixelsPerUnit: 250n })
    expect(view.serviceURI).toBe('https://o.example:8935')
    expect(view.address).toBe('0x0102030405060708090a0b0c0d0e0f1011121314')
    expect(view.ticketParams).toEqual({
      recipient: '0x0102030405060708090a0b0c0d0e0f1011121314',
      faceValue: '1000000000000000',
      winProb: '65535',
      recipientRandHash: `0x${'aa'.repeat(32)}`,
      seed: '0x000102',
      expirationBlock: '256',
      expirationParams: { creationRound: '1234', creationRoundBlockHash: `0x${'11'.repeat(32)}` },
    })
    expect(view.capabilities).toEqual([0, 1, 12])
    expect(view.capacity).toEqual({ maxSessions: 7, sessions: 0 })
  })

  it('reads an off-chain answer: zero address, no price, no params', () => {
    const offchain = create(net.OrchestratorInfoSchema, { transcoder: '', address: new Uint8Array(20) })
    const view = decodeOrchestratorInfo(infoView(offchain, 'http://127.0.0.1:8935'))
    expect(view.serviceURI).toBe('http://127.0.0.1:8935')
    expect(view.address).toBe(`0x${'00'.repeat(20)}`)
    expect(view.price).toEqual({ pricePerUnit: '0', pixelsPerUnit: '1' })
    expect(view.ticketParams).toBeUndefined()
  })

  it('fits short recipient bytes to 20 as go-ethereum does', () => {
    const p = create(net.TicketParamsSchema, {
      recipient: Uint8Array.of(0xaa),
      recipientRandHash: Uint8Array.of(1),
    })
    expect(ticketParamsJson(p).recipient).toBe(`0x${'00'.repeat(19)}aa`)
    expect(ticketParamsJson(p).faceValue).toBe('0')
  })
})
