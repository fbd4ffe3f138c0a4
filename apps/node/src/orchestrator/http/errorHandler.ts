/** Error replies `{ code, message }` with the BaseError's status; unknown errors become INTERNAL_ERROR. */
import { isBaseError } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { logger } from '../../lib/logger.ts'
import {
  BodyTooLargeError,
  ContentTypeError,
  InternalError,
  RequestInvalidError,
  RouteNotFoundError,
} from './errors.ts'

/** Registers the error and not-found handlers. */
export function errorHandlerPlugin(app: FastifyInstance, opts: { maxBodyBytes: number }): void {
  app.setErrorHandler((err, _req, reply) => {
    const fst = (err as { code?: string }).code
    let e = isBaseError(err) ? err : undefined
    if (!e && fst === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new BodyTooLargeError(opts.maxBodyBytes)
    else if (!e && fst === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = new ContentTypeError('a supported type')
    else if (!e && (fst?.startsWith('FST_ERR_CTP') || (err as { validation?: unknown }).validation))
      e = new RequestInvalidError(err instanceof Error ? err.message : String(err))
    if (!e) {
      logger.error('unhandled request error', err)
      e = new InternalError(err)
    }
    void reply.status(e.httpStatus).send({ code: e.code, message: e.shortMessage })
  })
  app.setNotFoundHandler((req, reply) => {
    const e = new RouteNotFoundError(req.method, req.url)
    void reply.status(e.httpStatus).send({ code: e.code, message: e.shortMessage })
  })
}
