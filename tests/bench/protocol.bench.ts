/**
 * Ticket signing and verification throughput against raw @noble/curves secp256k1 on the same
 * EIP-191 digest, measured in the same run. Run: `npm run bench:protocol`.
 */

import { secp256k1 } from '@noble/curves/secp256k1'
import { eip191Digest, hashTicket, signTicket, type Ticket, verifyTicketSignature } from '@prism/protocol'
import { hexToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const account = privateKeyToAccount(KEY)
const ticket: Ticket = {
  recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
  sender: account.address,
  faceValue: 1_200_000_000_000_000n,
  winProb: 771947261582107969490473233391252719021799897770937093596383896000000000n,
  senderNonce: 1n,
  recipientRandHash: '0xc65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8',
  creationRound: 3000n,
  creationRoundBlockHash: '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d',
}

async function opsPerSecond(fn: (i: number) => unknown, ms = 1500): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i) // warm-up
  let n = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    await fn(n)
    n++
  }
  return (n * 1000) / (performance.now() - start)
}

const priv = hexToBytes(KEY)
const pub = secp256k1.getPublicKey(priv, false)
const digest = eip191Digest(hashTicket(ticket))
const sig = await signTicket(account, ticket)
const rawSig = secp256k1.sign(digest, priv)
const rawCompact = rawSig.toCompactRawBytes()
if (!verifyTicketSignature(ticket, sig, account.address)) throw new Error('signature does not verify')

const results = [
  {
    what: 'sign',
    prism: await opsPerSecond((i) => signTicket(account, { ...ticket, senderNonce: BigInt(i) })),
    raw: await opsPerSecond(() => secp256k1.sign(digest, priv)),
  },
  {
    what: 'verify',
    prism: await opsPerSecond(() => verifyTicketSignature(ticket, sig, account.address)),
    raw: await opsPerSecond(() => secp256k1.verify(rawCompact, digest, pub)),
  },
]

console.log('protocol bench (ops/s; prism includes ticket hashing, EIP-191 digest and checks)')
for (const r of results) {
  console.log(
    `${r.what.padEnd(7)} prism ${r.prism.toFixed(0).padStart(7)}  raw noble ${r.raw.toFixed(0).padStart(7)}  ratio prism/raw ${(r.prism / r.raw).toFixed(2)}`,
  )
}
