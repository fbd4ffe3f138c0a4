import { describe, expect, it } from 'vitest'
import { DCEP_ACK, encodeDcepOpen, parseDcepOpen } from './dcep.ts'

describe('DCEP (RFC 8832)', () => {
  it('reads a DATA_CHANNEL_OPEN byte for byte', () => {
    // reliable ordered, priority 256, label "control", protocol "" (as a browser sends it)
    const bytes = Uint8Array.of(
      0x03,
      0x00,
      0x01,
      0x00,
      0,
      0,
      0,
      0,
      0x00,
      0x07,
      0x00,
      0x00,
      ...new TextEncoder().encode('control'),
    )
    expect(parseDcepOpen(bytes)).toEqual({
      channelType: 0,
      ordered: true,
      priority: 256,
      reliabilityParameter: 0,
      label: 'control',
      protocol: '',
    })
  })

  it('reads unordered channels, protocols and non-ASCII labels', () => {
    const open = parseDcepOpen(encodeDcepOpen({ label: 'paiement é', protocol: 'json', channelType: 0x81 }))
    expect(open).toMatchObject({ ordered: false, channelType: 0x81, label: 'paiement é', protocol: 'json' })
  })

  it('refuses short, inconsistent and non-OPEN messages', () => {
    expect(parseDcepOpen(DCEP_ACK)).toBeUndefined()
    expect(parseDcepOpen(Uint8Array.of(0x03, 0, 0, 0))).toBeUndefined()
    const open = encodeDcepOpen({ label: 'control' })
    expect(parseDcepOpen(open.subarray(0, open.length - 1))).toBeUndefined()
    expect(parseDcepOpen(Uint8Array.of(...open, 0))).toBeUndefined()
  })

  it('the ACK is the single byte 0x02', () => {
    expect([...DCEP_ACK]).toEqual([0x02])
  })
})
