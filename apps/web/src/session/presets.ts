import { type CatalogueModel, defaultParams } from './modelCatalogue.ts'
import type { WebStageSpec } from './pipelineSpec.ts'

/** A ready-made look: one built-in model or a short chain, with its parameters. */
export type StylePreset = {
  id: string
  title: string
  /** One line about the look. */
  blurb: string
  /** CSS background of its swatch. */
  swatch: string
  /** Stages: model and the params that differ from the model's defaults. */
  stages: { model: string; params?: Record<string, number> }[]
}

/** The presets the app offers, in gallery order (those whose models the orchestrator lacks are hidden). */
export const STYLE_PRESETS: readonly StylePreset[] = [
  {
    id: 'toon',
    title: 'Toon',
    blurb: 'Flat colours, inked outlines',
    swatch: 'linear-gradient(135deg,#ff7a59,#ffd166 55%,#1b1b1b 56%)',
    stages: [{ model: 'builtin:toon' }],
  },
  {
    id: 'sepia',
    title: 'Sepia',
    blurb: 'Warm old photograph',
    swatch: 'linear-gradient(135deg,#704214,#c8a165)',
    stages: [{ model: 'builtin:sepia' }],
  },
  {
    id: 'pencil',
    title: 'Pencil',
    blurb: 'Graphite sketch',
    swatch: 'repeating-linear-gradient(45deg,#f4f4f4 0 4px,#bdbdbd 4px 5px)',
    stages: [{ model: 'builtin:pencil' }],
  },
  {
    id: 'comic',
    title: 'Comic',
    blurb: 'Toon, sharpened',
    swatch: 'linear-gradient(135deg,#ef476f,#ffd166 50%,#06d6a0)',
    stages: [
      { model: 'builtin:toon', params: { levels: 4 } },
      { model: 'builtin:sharpen', params: { amount: 1.5 } },
    ],
  },
  {
    id: 'vintage',
    title: 'Vintage',
    blurb: 'Sepia, soft contrast',
    swatch: 'linear-gradient(135deg,#5b3a29,#e9c46a)',
    stages: [
      { model: 'builtin:sepia', params: { strength: 0.8 } },
      { model: 'builtin:grade', params: { contrast: 0.85, brightness: 0.05 } },
    ],
  },
  {
    id: 'pixel',
    title: '8-bit',
    blurb: 'Chunky pixels, vivid',
    swatch: 'conic-gradient(#3a86ff 0 25%,#ff006e 0 50%,#8338ec 0 75%,#ffbe0b 0)',
    stages: [
      { model: 'builtin:pixelate', params: { block: 8 } },
      { model: 'builtin:grade', params: { saturation: 1.6 } },
    ],
  },
  {
    id: 'emboss',
    title: 'Relief',
    blurb: 'Embossed metal',
    swatch: 'linear-gradient(135deg,#8d99ae,#edf2f4 50%,#2b2d42)',
    stages: [{ model: 'builtin:emboss' }],
  },
  {
    id: 'dream',
    title: 'Dream',
    blurb: 'Soft focus, glowing',
    swatch: 'radial-gradient(circle at 30% 30%,#ffd6ff,#b8c0ff 50%,#7b2cbf)',
    stages: [
      { model: 'builtin:blur', params: { radius: 3 } },
      { model: 'builtin:grade', params: { brightness: 0.08, saturation: 1.3 } },
    ],
  },
]

/**
 * The presets whose every model is in the catalogue.
 * @example availablePresets(modelCatalogue(undefined)).map((p) => p.id)
 */
export function availablePresets(catalogue: readonly CatalogueModel[]): StylePreset[] {
  const have = new Set(catalogue.map((m) => m.model))
  return STYLE_PRESETS.filter((p) => p.stages.every((s) => have.has(s.model)))
}

/**
 * A preset's stages with full parameters: the model's defaults, then the preset's values (clamped
 * to the model's ranges).
 * @example presetStages(STYLE_PRESETS[0], catalogue) // [{ model: 'builtin:toon', params: { strength: 1, levels: 6 } }]
 */
export function presetStages(preset: StylePreset, catalogue: readonly CatalogueModel[]): WebStageSpec[] {
  return preset.stages.map((s) => {
    const model = catalogue.find((m) => m.model === s.model)
    const params = defaultParams(model)
    for (const [name, value] of Object.entries(s.params ?? {})) {
      const p = model?.params.find((x) => x.name === name)
      if (p) params[name] = Math.min(p.max, Math.max(p.min, value))
    }
    return { model: s.model, params }
  })
}

/**
 * The preset a chain matches (same models in the same order), if any.
 * @example matchPreset([{ model: 'builtin:sepia', params: {} }])?.id // 'sepia'
 */
export function matchPreset(stages: readonly WebStageSpec[]): StylePreset | undefined {
  return STYLE_PRESETS.find(
    (p) => p.stages.length === stages.length && p.stages.every((s, i) => s.model === stages[i]?.model),
  )
}
