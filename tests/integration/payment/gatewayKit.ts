/** Gateway-side helpers for the payment integration tests: a Payer, raw payments, POST /payment. */
import {
  createChainClient,
  type DevAccount,
  getNetwork,
  type NetworkChainClient,
  type Payment,
  signTicket,
} from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevChain } from '../../helpers/devChain.ts'
import { Payer } from '../../helpers/whip/payer.ts'

/** A read-only chain client on the dev chain. */
export function readClient(chain: DevChain): NetworkChainClient {
  return createChainClient({ network: getNetwork('dev', chain.deployment), rpcUrl: chain.rpcUrl })
}

/** A Payer for `gateway` against the node at `url`, with gateway EV limits lifted for high-winProb tests. */
export function payerFor(chain: DevChain, gateway: DevAccount, url: string): Promise<Payer> {
  return Payer.create({
    orchestratorUrl: url,
    privateKey: gateway.privateKey,
    chain: readClient(chain),
    maxTicketEV: 10n ** 20n,
    maxTotalEV: 10n ** 21n,
  })
}

/**
 * POSTs a payment for a session, in the `Livepeer-Payment` header (or as a text/plain body with
 * `asBody`); returns status and JSON body.
 */
export async function postPayment(url: string, header: string, session: string, asBody = false) {
  const res = await fetch(`${url}/payment`, {
    method: 'POST',
    headers: asBody
      ? { 'Content-Type': 'text/plain', 'Livepeer-Session': session }
      : { 'Livepeer-Payment': header, 'Livepeer-Session': session },
    ...(asBody ? { body: header } : {}),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/**
 * Signs a payment by hand from the payer's current params (for tampering and nonce-cap tests).
 * `signer` defaults to the gateway itself.
 */
export async function rawPayment(
  payer: Payer,
  gateway: DevAccount,
  nonces: number[],
  signer: DevAccount = gateway,
): Promise<Payment> {
  const p = payer.session.ticketParams
  const account = privateKeyToAccount(signer.privateKey)
  const exp = p.expirationParams
  const sigs = await Promise.all(
    nonces.map((n) =>
      signTicket(account, {
        recipient: p.recipient,
        sender: gateway.address,
        faceValue: p.faceValue,
        winProb: p.winProb,
        senderNonce: BigInt(n),
        recipientRandHash: p.recipientRandHash,
        creationRound: exp.creationRound,
        creationRoundBlockHash: exp.creationRoundBlockHash,
      }),
    ),
  )
  const price = payer.info.price
  return {
    sender: gateway.address.toLowerCase() as `0x${string}`,
    ticketParams: {
      recipient: p.recipient,
      faceValue: p.faceValue,
      winProb: p.winProb,
      recipientRandHash: p.recipientRandHash,
      seed: p.seed,
      expirationBlock: p.expirationBlock,
    },
    expirationParams: exp,
    ticketSenderParams: nonces.map((senderNonce, i) => ({ senderNonce, sig: sigs[i]! })),
    expectedPrice: { pricePerUnit: BigInt(price.pricePerUnit), pixelsPerUnit: BigInt(price.pixelsPerUnit) },
  }
}
