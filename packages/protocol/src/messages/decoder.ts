import type { z } from 'zod'
import { MessageInvalidError } from '../errors/message.ts'

/** A decoder of untrusted input into a typed message. */
export type Decoder<T> = (input: unknown) => T

/**
 * Wraps a zod schema into a decoder that returns the typed value or throws a
 * {@link MessageInvalidError} (code `MESSAGE_INVALID`) naming the first failing field path.
 * A string input is parsed as JSON first (data-channel frames arrive as text).
 *
 * @param message - name used in error messages, e.g. `PipelineSpec`.
 * @param schema - the zod schema.
 * @example
 * const decodeFoo = createDecoder('Foo', z.object({ v: z.literal(1) }))
 * decodeFoo('{"v":1}') // { v: 1 }
 */
export function createDecoder<S extends z.ZodType>(message: string, schema: S): Decoder<z.output<S>> {
  return (input: unknown) => {
    let value = input
    if (typeof input === 'string') {
      try {
        value = JSON.parse(input)
      } catch (cause) {
        throw new MessageInvalidError({ message, path: '', reason: 'not valid JSON', cause })
      }
    }
    const res = schema.safeParse(value)
    if (res.success) return res.data
    const issue = res.error.issues[0]
    const path = issue ? issue.path.map((p) => String(p)).join('.') : ''
    throw new MessageInvalidError({ message, path, reason: issue?.message ?? 'invalid', cause: res.error })
  }
}
