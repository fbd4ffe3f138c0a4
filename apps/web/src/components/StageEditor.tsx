import { type CatalogueModel, defaultParams } from '../session/modelCatalogue.ts'
import type { WebStageSpec } from '../session/pipelineSpec.ts'

/** Props of {@link StageEditor}. */
export type StageEditorProps = {
  index: number
  stage: WebStageSpec
  catalogue: CatalogueModel[]
  onModel: (model: string, params: Record<string, number>) => void
  onParams: (params: Record<string, number>) => void
  onRemove: (() => void) | undefined
}

/** One AI stage: model picker and one slider per parameter. */
export function StageEditor({ index, stage, catalogue, onModel, onParams, onRemove }: StageEditorProps) {
  const model = catalogue.find((m) => m.model === stage.model)
  return (
    <div className="stage" data-testid={`stage-${index}`}>
      <div className="stage-head">
        <span className="stage-no">{index + 1}</span>
        <select
          value={stage.model}
          data-testid={`stage-${index}-model`}
          aria-label={`Model of stage ${index + 1}`}
          onChange={(e) => {
            const next = catalogue.find((m) => m.model === e.target.value)
            onModel(e.target.value, defaultParams(next))
          }}
        >
          {catalogue.map((m) => (
            <option key={m.model} value={m.model}>
              {m.title}
            </option>
          ))}
        </select>
        {onRemove && (
          <button
            type="button"
            className="ghost small"
            onClick={onRemove}
            aria-label={`Remove stage ${index + 1}`}
          >
            ✕
          </button>
        )}
      </div>
      {model?.params.map((p) => {
        const value = stage.params[p.name] ?? p.default
        return (
          <label key={p.name} className="slider">
            <span>{p.name}</span>
            <input
              type="range"
              data-testid={`stage-${index}-${p.name}`}
              min={p.min}
              max={p.max}
              step={p.step ?? (p.max - p.min) / 100}
              value={value}
              onChange={(e) => onParams({ [p.name]: Number(e.target.value) })}
            />
            <output>{Number(value.toFixed(2))}</output>
          </label>
        )
      })}
    </div>
  )
}
