import { describe, expect, it } from 'vitest'
import { modelCatalogue } from './modelCatalogue.ts'
import { availablePresets, matchPreset, presetStages, STYLE_PRESETS } from './presets.ts'

describe('style presets', () => {
  const builtins = modelCatalogue(undefined)

  it('offers every preset with the built-in models, and only those whose models exist', () => {
    expect(availablePresets(builtins).map((p) => p.id)).toEqual(STYLE_PRESETS.map((p) => p.id))
    const onlySepia = builtins.filter((m) => m.model === 'builtin:sepia')
    expect(availablePresets(onlySepia).map((p) => p.id)).toEqual(['sepia'])
  })

  it('fills a preset’s stages with the model defaults and its own values, clamped', () => {
    const comic = STYLE_PRESETS.find((p) => p.id === 'comic')!
    const stages = presetStages(comic, builtins)
    expect(stages.map((s) => s.model)).toEqual(['builtin:toon', 'builtin:sharpen'])
    expect(stages[0]?.params).toEqual({ strength: 1, levels: 4 })
    expect(stages[1]?.params).toEqual({ amount: 1.5 })
    const wild = { ...comic, stages: [{ model: 'builtin:toon', params: { levels: 99, nope: 1 } }] }
    expect(presetStages(wild, builtins)[0]?.params).toEqual({ strength: 1, levels: 16 })
  })

  it('recognises the preset a chain matches', () => {
    expect(matchPreset([{ model: 'builtin:sepia', params: { strength: 0.3 } }])?.id).toBe('sepia')
    expect(matchPreset([{ model: 'builtin:sharpen', params: {} }])).toBeUndefined()
  })
})
