/**
 * Operator API behind `Authorization: Bearer <adminToken>`; without a configured token every
 * `/admin/*` route answers ADMIN_DISABLED.
 * - `GET /admin/sessions`: session snapshots.
 * - `DELETE /admin/sessions/{id}`: close a session.
 * - `GET /admin/price`: the PricePolicy's settings.
 * - `POST /admin/price` `{ pricePerUnit, pixelsPerUnit, autoAdjustPrice?, pricePerCapability? }`
 *   (prices as decimal strings): changes the node's PricePolicy, the one price `/info` quotes and
 *   new ticket params are bound to. Answers the new settings.
 */
import { timingSafeEqual } from 'node:crypto'
import { PriceJsonSchema } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Orchestrator } from '../../Orchestrator.ts'
import type { PricePolicy, PriceSettings } from '../../payment/pricePolicy.ts'
import { AdminDisabledError, AdminUnauthorizedError, RequestInvalidError } from '../errors.ts'

/** Options of the admin plugin. */
export type AdminPluginOptions = {
  orchestrator: Orchestrator
  token: string | undefined
  /** The node's price (the same object `/info` and the ticket params issuer read). */
  pricePolicy: PricePolicy
}

/** Body of `POST /admin/price`. */
const AdminPriceSchema = PriceJsonSchema.extend({
  autoAdjustPrice: z.boolean().optional(),
  pricePerCapability: z
    .array(
      PriceJsonSchema.extend({
        capability: z.union([z.number().int().nonnegative(), z.string().min(1)]),
        modelId: z.string().min(1).optional(),
      }),
    )
    .optional(),
})

/** Registers `/admin/*`. */
export function adminPlugin(app: FastifyInstance, opts: AdminPluginOptions): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (req) => {
      if (!opts.token) throw new AdminDisabledError()
      const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))
      const given = Buffer.from(m?.[1] ?? '')
      const want = Buffer.from(opts.token)
      if (given.length !== want.length || !timingSafeEqual(given, want)) throw new AdminUnauthorizedError()
    })
    admin.get('/admin/sessions', async () => ({
      sessions: opts.orchestrator.sessions.map((s) => s.toJSON()),
    }))
    admin.delete('/admin/sessions/:id', async (req) => {
      const { id } = req.params as { id: string }
      await opts.orchestrator.closeSession(id)
      return { closed: id }
    })
    admin.get('/admin/price', async () => settingsJson(opts.pricePolicy.settings()))
    admin.post('/admin/price', async (req) => {
      const parsed = AdminPriceSchema.safeParse(req.body)
      if (!parsed.success)
        throw new RequestInvalidError(
          'expected { pricePerUnit, pixelsPerUnit } as int64 decimal strings, pixelsPerUnit > 0, ' +
            'optional autoAdjustPrice (boolean) and pricePerCapability ([{ capability, modelId?, pricePerUnit, pixelsPerUnit }])',
        )
      const b = parsed.data
      opts.pricePolicy.update({
        pricePerUnit: BigInt(b.pricePerUnit),
        pixelsPerUnit: BigInt(b.pixelsPerUnit),
        ...(b.autoAdjustPrice !== undefined ? { autoAdjustPrice: b.autoAdjustPrice } : {}),
        ...(b.pricePerCapability
          ? {
              capabilityPrices: b.pricePerCapability.map((c) => ({
                capability: c.capability,
                ...(c.modelId !== undefined ? { modelId: c.modelId } : {}),
                pricePerUnit: BigInt(c.pricePerUnit),
                pixelsPerUnit: BigInt(c.pixelsPerUnit),
              })),
            }
          : {}),
      })
      return settingsJson(opts.pricePolicy.settings())
    })
    admin.all('/admin/*', async (req) => {
      throw new RequestInvalidError(`no admin route ${req.method} ${req.url}`)
    })
  })
}

function settingsJson(s: PriceSettings) {
  return {
    price: s.price,
    autoAdjustPrice: s.autoAdjustPrice,
    pricePerCapability: s.capabilityPrices.map((c) => ({
      capability: c.capability,
      ...(c.modelId !== undefined ? { modelId: c.modelId } : {}),
      pricePerUnit: c.pricePerUnit.toString(),
      pixelsPerUnit: c.pixelsPerUnit.toString(),
    })),
  }
}
