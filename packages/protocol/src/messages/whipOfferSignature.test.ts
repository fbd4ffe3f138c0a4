import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { signWhipOffer, verifyWhipOffer, whipOfferMessage } from './whipOfferSignature.ts'

const GW = privateKeyToAccount(`0x${'02'.repeat(32)}`)
const OTHER = privateKeyToAccount(`0x${'03'.repeat(32)}`)
const offer = { stream: 'cam1', offerSdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }

describe('WHIP offer signature', () => {
  it("verifies the sender's signature of this offer and stream only", async () => {
    const sig = await signWhipOffer(GW, offer)
    expect(sig).toMatch(/^0x[0-9a-f]{130}$/)
    expect(verifyWhipOffer(offer, GW.address, sig)).toBe(true)
    expect(verifyWhipOffer(offer, OTHER.address, sig)).toBe(false)
    expect(verifyWhipOffer({ ...offer, stream: 'cam2' }, GW.address, sig)).toBe(false)
    expect(verifyWhipOffer({ ...offer, offerSdp: `${offer.offerSdp} ` }, GW.address, sig)).toBe(false)
    expect(verifyWhipOffer(offer, GW.address, '0x1234')).toBe(false)
    expect(verifyWhipOffer(offer, GW.address, 'nothex' as `0x${string}`)).toBe(false)
  })

  it('signs a prefix, the stream and the hash of the offer', () => {
    const msg = whipOfferMessage(offer)
    expect(new TextDecoder().decode(msg.subarray(0, 25))).toBe('prism-whip-offer:v1:cam1:')
    expect(msg.length).toBe(25 + 32)
  })
})
