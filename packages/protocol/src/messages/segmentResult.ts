/**
 * The body of a successful `POST /segment` (Prism's TranscodeResult, JSON): the segment's seq and
 * one entry per rendition in the requested order, each with its size, encoded frame count, pixels
 * (width × height × frames, what the orchestrator debits) and the MPEG-TS bytes in base64.
 * See docs/gateway.md.
 */
import { z } from 'zod'

/** Schema of one rendition in a segment result. */
export const SegmentResultRenditionSchema = z.object({
  profile: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frames: z.number().int().nonnegative(),
  pixels: z.number().int().nonnegative(),
  /** MPEG-TS bytes, standard base64. */
  data: z.string(),
})

/** Schema of the `POST /segment` success body. */
export const SegmentResultSchema = z.object({
  seq: z.number().int(),
  renditions: z.array(SegmentResultRenditionSchema),
})

/** One rendition in a segment result. */
export type SegmentResultRendition = z.infer<typeof SegmentResultRenditionSchema>

/** The `POST /segment` success body. */
export type SegmentResult = z.infer<typeof SegmentResultSchema>
