import { signWhipOffer } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { bindSessionSender } from './sessionSender.ts'

const GW = privateKeyToAccount(`0x${'02'.repeat(32)}`)
const OTHER = privateKeyToAccount(`0x${'03'.repeat(32)}`)
const offer = { streamId: 'cam1', offerSdp: 'v=0\r\n' }

describe('bindSessionSender', () => {
  it('binds the sender whose signature of this offer is given, on any node', async () => {
    const senderSig = await signWhipOffer(GW, { stream: 'cam1', offerSdp: offer.offerSdp })
    expect(bindSessionSender({ ...offer, sender: GW.address, senderSig }, true)).toBe(GW.address)
    expect(bindSessionSender({ ...offer, sender: GW.address, senderSig }, false)).toBe(GW.address)
    expect(() => bindSessionSender({ ...offer, sender: OTHER.address, senderSig }, false)).toThrow(
      expect.objectContaining({ code: 'SESSION_SENDER_SIG_INVALID', httpStatus: 403 }),
    )
    expect(() =>
      bindSessionSender({ ...offer, streamId: 'cam2', sender: GW.address, senderSig }, true),
    ).toThrow(expect.objectContaining({ code: 'SESSION_SENDER_SIG_INVALID' }))
    expect(() => bindSessionSender({ ...offer, senderSig }, false)).toThrow(
      expect.objectContaining({ code: 'SESSION_SENDER_REQUIRED' }),
    )
  })

  it('requires a signed sender on a paid node only', () => {
    expect(() => bindSessionSender({ ...offer, sender: GW.address }, true)).toThrow(
      expect.objectContaining({ code: 'SESSION_SENDER_REQUIRED', httpStatus: 401 }),
    )
    expect(bindSessionSender({ ...offer, sender: GW.address }, false)).toBeUndefined()
    expect(bindSessionSender(offer, false)).toBeUndefined()
  })
})
