import { z } from 'zod'
import { VIDEO_PROFILES } from '../profiles/videoProfiles.ts'
import { createDecoder } from './decoder.ts'
import { ParamsSchema } from './primitives.ts'

/** Limits of a {@link PipelineSpec}. */
export const PIPELINE_LIMITS = Object.freeze({
  /** Most stages in an `ai` chain. */
  maxStages: 8,
  /** Smallest `ai` frame side. */
  minSize: 64,
  /** Largest `ai` frame side. */
  maxSize: 1024,
  /** `ai` width/height must be a multiple of this. */
  sizeMultiple: 8,
  /** Most renditions in a `transcode` pipeline. */
  maxProfiles: 4,
})

const ProfileNameSchema = z.string().superRefine((s, ctx) => {
  if (!Object.hasOwn(VIDEO_PROFILES, s))
    ctx.addIssue({ code: 'custom', message: `unknown video profile ${JSON.stringify(s)}` })
})

/** Default `transcode` renditions: 360p first (it is also the default returned rendition). */
export const DEFAULT_TRANSCODE_PROFILES: readonly string[] = Object.freeze([
  'P360p30fps16x9',
  'P240p30fps16x9',
])

const SizeSchema = z
  .int()
  .min(PIPELINE_LIMITS.minSize)
  .max(PIPELINE_LIMITS.maxSize)
  .multipleOf(PIPELINE_LIMITS.sizeMultiple, `must be a multiple of ${PIPELINE_LIMITS.sizeMultiple}`)

/** Model reference: `builtin:<name>`, `file:<path>` or `url:<https url>`. */
export const ModelRefSchema = z
  .string()
  .regex(
    /^(builtin:[A-Za-z0-9][A-Za-z0-9._-]*|file:\S.*|url:https:\/\/[^\s/?#]+[^\s]*)$/,
    "expected 'builtin:<name>', 'file:<path>' or 'url:https://…'",
  )

/** One model stage of an `ai` pipeline. `url:` models need `sha256`. */
export const StageSpecSchema = z
  .object({
    model: ModelRefSchema,
    params: ParamsSchema.default({}),
    sha256: z.exactOptional(z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')),
    range: z.exactOptional(z.enum(['0-1', '0-255', '-1-1'])),
  })
  .superRefine((s, ctx) => {
    if (s.model.startsWith('url:') && s.sha256 === undefined)
      ctx.addIssue({ code: 'custom', path: ['sha256'], message: 'required for url: models' })
  })

const PassthroughSchema = z.object({ version: z.literal(1), kind: z.literal('passthrough') })

const TranscodeSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('transcode'),
    profiles: z
      .array(ProfileNameSchema)
      .min(1)
      .max(PIPELINE_LIMITS.maxProfiles)
      .default(() => [...DEFAULT_TRANSCODE_PROFILES]),
    returnProfile: z.exactOptional(z.string()),
  })
  .superRefine((s, ctx) => {
    if (s.returnProfile !== undefined && !s.profiles.includes(s.returnProfile))
      ctx.addIssue({ code: 'custom', path: ['returnProfile'], message: 'must be one of profiles' })
  })

const AiSchema = z.object({
  version: z.literal(1),
  kind: z.literal('ai'),
  width: SizeSchema,
  height: SizeSchema,
  stages: z.array(StageSpecSchema).min(1).max(PIPELINE_LIMITS.maxStages),
})

/**
 * What a gateway asks an orchestrator to run, discriminated by `kind`: `passthrough`,
 * `transcode` (profiles, default `['P360p30fps16x9','P240p30fps16x9']`; `returnProfile` defaults to
 * the first) or `ai` (a chain of 1–8 model stages at width × height).
 */
export const PipelineSpecSchema = z
  .discriminatedUnion('kind', [PassthroughSchema, TranscodeSchema, AiSchema])
  .transform((s) => (s.kind === 'transcode' ? { ...s, returnProfile: s.returnProfile ?? s.profiles[0]! } : s))

/** Decoded pipeline spec (transcode specs always carry `returnProfile`). */
export type PipelineSpec = z.output<typeof PipelineSpecSchema>
/** A decoded `ai` stage. */
export type StageSpec = z.output<typeof StageSpecSchema>

/**
 * Decodes an untrusted pipeline spec (object or JSON string).
 *
 * @throws MESSAGE_INVALID with the failing path, e.g. `stages.1.sha256: required for url: models`.
 * @example
 * decodePipelineSpec({ version: 1, kind: 'ai', width: 512, height: 512, stages: [{ model: 'builtin:invert', params: {} }] })
 */
export const decodePipelineSpec: (input: unknown) => PipelineSpec = createDecoder(
  'PipelineSpec',
  PipelineSpecSchema,
)
