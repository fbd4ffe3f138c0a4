import { VIDEO_PROFILES } from '@prism/protocol'
import type { Studio } from '../hooks/useStudio.ts'
import type { GatewaySnapshot } from '../session/LiveGateway.ts'
import { type CatalogueModel, defaultParams } from '../session/modelCatalogue.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { availablePresets, matchPreset } from '../session/presets.ts'
import { StageEditor } from './StageEditor.tsx'

/** Props of {@link StylePanel}. */
export type StylePanelProps = {
  studio: Studio
  catalogue: CatalogueModel[]
  snapshot: GatewaySnapshot
}

const KINDS: { kind: WebPipelineSpec['kind']; title: string }[] = [
  { kind: 'ai', title: 'AI style' },
  { kind: 'transcode', title: 'Transcode (HLS ladder)' },
  { kind: 'passthrough', title: 'Passthrough' },
]

/**
 * What the stream does: the mode, then for AI the style presets and the chain with its sliders
 * (live while streaming), for transcode the ladder and its HLS links.
 */
export function StylePanel({ studio, catalogue, snapshot }: StylePanelProps) {
  const { spec, running } = studio
  return (
    <section className="card style-panel" data-testid="stream">
      <div className="card-head">
        <h2>{spec.kind === 'ai' ? 'Style' : spec.kind === 'transcode' ? 'Renditions' : 'Pipeline'}</h2>
        <select
          data-testid="pipeline-kind"
          value={spec.kind}
          disabled={running}
          onChange={(e) => studio.setKind(e.target.value as WebPipelineSpec['kind'])}
          aria-label="Mode"
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.title}
            </option>
          ))}
        </select>
      </div>
      {spec.kind === 'ai' && <AiStyle studio={studio} spec={spec} catalogue={catalogue} />}
      {spec.kind === 'transcode' && <TranscodeOptions studio={studio} spec={spec} snapshot={snapshot} />}
      {spec.kind === 'passthrough' && (
        <p className="hint">
          Your camera goes to the orchestrator and comes back unchanged: a baseline for latency.
        </p>
      )}
    </section>
  )
}

function AiStyle({
  studio,
  spec,
  catalogue,
}: {
  studio: Studio
  spec: Extract<WebPipelineSpec, { kind: 'ai' }>
  catalogue: CatalogueModel[]
}) {
  const presets = availablePresets(catalogue)
  const active = matchPreset(spec.stages)
  const { running } = studio
  return (
    <div className="ai-style" data-testid="ai-chain">
      <fieldset className="presets">
        <legend className="sr-only">Style presets</legend>
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`preset${active?.id === p.id ? ' active' : ''}`}
            aria-pressed={active?.id === p.id}
            data-testid={`preset-${p.id}`}
            title={p.blurb}
            onClick={() => void studio.applyPreset(p)}
          >
            <span className="swatch" style={{ background: p.swatch }} aria-hidden />
            <span className="preset-title">{p.title}</span>
          </button>
        ))}
      </fieldset>
      <div className="chain">
        {spec.stages.map((stage, i) => (
          <StageEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: stages are positional
            key={i}
            index={i}
            stage={stage}
            catalogue={catalogue}
            onModel={(model, params) => studio.stageModel(i, model, params)}
            onParams={(params) => studio.stageParams(i, params)}
            onRemove={
              running || spec.stages.length <= 1
                ? undefined
                : () => studio.setDraft({ ...spec, stages: spec.stages.filter((_, j) => j !== i) })
            }
          />
        ))}
      </div>
      <div className="row between">
        <button
          type="button"
          className="ghost small"
          disabled={running || spec.stages.length >= 8 || !catalogue[0]}
          onClick={() =>
            catalogue[0] &&
            studio.setDraft({
              ...spec,
              stages: [...spec.stages, { model: catalogue[0].model, params: defaultParams(catalogue[0]) }],
            })
          }
        >
          + Add a stage
        </button>
        <label className="inline">
          <span className="muted small">Output</span>
          <select
            disabled={running}
            value={spec.width}
            data-testid="ai-size"
            onChange={(e) =>
              studio.setDraft({ ...spec, width: Number(e.target.value), height: Number(e.target.value) })
            }
          >
            {[128, 256, 384, 512].map((s) => (
              <option key={s} value={s}>
                {s}×{s}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  )
}

function TranscodeOptions({
  studio,
  spec,
  snapshot,
}: {
  studio: Studio
  spec: Extract<WebPipelineSpec, { kind: 'transcode' }>
  snapshot: GatewaySnapshot
}) {
  const hlsBase =
    snapshot.orchestrator && snapshot.stream
      ? `${snapshot.orchestrator}/live/${snapshot.stream}/hls/`
      : undefined
  return (
    <div data-testid="transcode">
      <p className="hint">The orchestrator encodes these renditions; the first one comes back here.</p>
      <div className="profiles">
        {Object.keys(VIDEO_PROFILES)
          .filter((p) => p.includes('30fps'))
          .map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                disabled={studio.running}
                checked={spec.profiles.includes(p)}
                onChange={(e) =>
                  studio.setDraft({
                    version: 1,
                    kind: 'transcode',
                    profiles: e.target.checked ? [...spec.profiles, p] : spec.profiles.filter((x) => x !== p),
                  })
                }
              />
              {p}
            </label>
          ))}
      </div>
      {hlsBase && (
        <div className="row" data-testid="hls-links">
          <span className="muted small">HLS</span>
          <a href={`${hlsBase}master.m3u8`} target="_blank" rel="noreferrer" data-testid="hls-master">
            master
          </a>
          {spec.profiles.map((p) => (
            <a key={p} href={`${hlsBase}${p}.m3u8`} target="_blank" rel="noreferrer">
              {p}
            </a>
          ))}
        </div>
      )}
    </div>
  )
}
