/**
 * Operator API behind `Authorization: Bearer <adminToken>`; without a configured token every
 * `/admin/*` route answers ADMIN_DISABLED.
 * - `GET /admin/sessions`: session snapshots.
 * - `DELETE /admin/sessions/{id}`: close a session.
 * - `POST /admin/price` `{ pricePerUnit, pixelsPerUnit }` (decimal strings): set the price.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Orchestrator } from '../../Orchestrator.ts'
import { AdminDisabledError, AdminUnauthorizedError, RequestInvalidError } from '../errors.ts'
import type { PriceJson } from '../ServerTypes.ts'

/** Options of the admin plugin. */
export type AdminPluginOptions = {
  orchestrator: Orchestrator
  token: string | undefined
  setPrice: (price: PriceJson) => void
}

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
    admin.post('/admin/price', async (req) => {
      const b = req.body as { pricePerUnit?: unknown; pixelsPerUnit?: unknown } | undefined
      const ok = (v: unknown) => typeof v === 'string' && /^\d{1,30}$/.test(v)
      if (!b || !ok(b.pricePerUnit) || !ok(b.pixelsPerUnit) || BigInt(b.pixelsPerUnit as string) === 0n)
        throw new RequestInvalidError(
          'expected { pricePerUnit, pixelsPerUnit } as decimal strings, pixelsPerUnit > 0',
        )
      const price = { pricePerUnit: b.pricePerUnit as string, pixelsPerUnit: b.pixelsPerUnit as string }
      opts.setPrice(price)
      return { price }
    })
    admin.all('/admin/*', async (req) => {
      throw new RequestInvalidError(`no admin route ${req.method} ${req.url}`)
    })
  })
}
