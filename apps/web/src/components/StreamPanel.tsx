import { DEFAULT_TRANSCODE_PROFILES, VIDEO_PROFILES } from '@prism/protocol'
import { useEffect, useState } from 'react'
import { type CameraInfo, listCameras, openCamera, RESOLUTIONS } from '../session/camera.ts'
import type { GatewaySnapshot, LiveGateway } from '../session/LiveGateway.ts'
import { type CatalogueModel, defaultParams } from '../session/modelCatalogue.ts'
import { type WebPipelineSpec, withStageModel, withStageParams } from '../session/pipelineSpec.ts'
import { LiveVideo } from './LiveVideo.tsx'
import { StageEditor } from './StageEditor.tsx'
import { SwapLog } from './SwapLog.tsx'

/** Props of {@link StreamPanel}. */
export type StreamPanelProps = {
  gateway: LiveGateway
  snapshot: GatewaySnapshot
  catalogue: CatalogueModel[]
  input: MediaStream | undefined
  onInput: (stream: MediaStream | undefined) => void
  /** Called before start so discovery can rank for this pipeline kind. */
  onBeforeStart: (kind: WebPipelineSpec['kind']) => Promise<void>
}

function initialAi(catalogue: CatalogueModel[]): WebPipelineSpec {
  const first = catalogue[0]
  return {
    version: 1,
    kind: 'ai',
    width: 256,
    height: 256,
    stages: first ? [{ model: first.model, params: defaultParams(first) }] : [],
  }
}

/**
 * Camera and resolution, pipeline picker (passthrough, transcode ladder with HLS links, AI chain
 * with live sliders), start / stop, input and output side by side, swap log.
 */
export function StreamPanel({
  gateway,
  snapshot,
  catalogue,
  input,
  onInput,
  onBeforeStart,
}: StreamPanelProps) {
  const [cameras, setCameras] = useState<CameraInfo[]>([])
  const [cameraId, setCameraId] = useState<string>()
  const [resolution, setResolution] = useState(1)
  const [draft, setDraft] = useState<WebPipelineSpec>(() => initialAi(catalogue))
  const [error, setError] = useState<string>()
  const running = snapshot.state !== 'idle' && snapshot.state !== 'stopped' && snapshot.state !== 'failed'
  const spec = running && snapshot.spec ? snapshot.spec : draft

  useEffect(() => {
    void listCameras().then(setCameras, () => setCameras([]))
  }, [])

  async function openSelected() {
    setError(undefined)
    const r = RESOLUTIONS[resolution] ?? RESOLUTIONS[1]
    try {
      for (const t of input?.getTracks() ?? []) t.stop()
      onInput(await openCamera(cameraId, r.width, r.height))
      setCameras(await listCameras())
    } catch (err) {
      setError(err instanceof Error ? err.message.split('\n')[0] : String(err))
    }
  }

  async function start() {
    setError(undefined)
    let stream = input
    if (!stream) {
      const r = RESOLUTIONS[resolution] ?? RESOLUTIONS[1]
      try {
        stream = await openCamera(cameraId, r.width, r.height)
        onInput(stream)
      } catch (err) {
        setError(err instanceof Error ? err.message.split('\n')[0] : String(err))
        return
      }
    }
    await onBeforeStart(draft.kind)
    await gateway.start(stream, draft)
  }

  function setKind(kind: WebPipelineSpec['kind']) {
    if (kind === 'passthrough') setDraft({ version: 1, kind })
    else if (kind === 'transcode') setDraft({ version: 1, kind, profiles: [...DEFAULT_TRANSCODE_PROFILES] })
    else setDraft(initialAi(catalogue))
  }

  function stageParams(i: number, params: Record<string, number>) {
    if (running) gateway.updateStage(i, params)
    else setDraft((d) => withStageParams(d, i, params))
  }

  function stageModel(i: number, model: string, params: Record<string, number>) {
    if (running) gateway.setStage(i, model, params)
    else setDraft((d) => withStageModel(d, i, model, params))
  }

  const hlsBase =
    snapshot.orchestrator && snapshot.stream
      ? `${snapshot.orchestrator}/live/${snapshot.stream}/hls/`
      : undefined

  return (
    <section className="panel" data-testid="stream">
      <h2>
        Live stream{' '}
        <span className={`badge ${snapshot.state}`} data-testid="stream-state" data-state={snapshot.state}>
          {snapshot.state}
        </span>{' '}
        {snapshot.loading && (
          <span className="badge loading" data-testid="model-loading">
            loading {snapshot.loading}…
          </span>
        )}
      </h2>
      <div className="row">
        <select
          value={cameraId ?? ''}
          onChange={(e) => setCameraId(e.target.value || undefined)}
          disabled={running}
        >
          <option value="">default camera</option>
          {cameras.map((c) => (
            <option key={c.deviceId} value={c.deviceId}>
              {c.label}
            </option>
          ))}
        </select>
        <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))} disabled={running}>
          {RESOLUTIONS.map((r, i) => (
            <option key={r.label} value={i}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void openSelected()} disabled={running}>
          Open camera
        </button>
        <select
          data-testid="pipeline-kind"
          value={spec.kind}
          disabled={running}
          onChange={(e) => setKind(e.target.value as WebPipelineSpec['kind'])}
        >
          <option value="passthrough">passthrough</option>
          <option value="transcode">transcode ladder</option>
          <option value="ai">AI chain</option>
        </select>
        {running ? (
          <button type="button" data-testid="stop" onClick={() => void gateway.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" data-testid="start" onClick={() => void start()}>
            Start
          </button>
        )}
      </div>
      {error && <div className="bad">{error}</div>}
      {snapshot.error && (
        <div className="bad" data-testid="stream-error">
          {snapshot.error}
        </div>
      )}
      <div className="muted">
        {snapshot.orchestrator ? `on ${snapshot.orchestrator} (stream ${snapshot.stream})` : 'not streaming'}
        {snapshot.outputSize && ` · output ${snapshot.outputSize.width}x${snapshot.outputSize.height}`}
        {` · ${snapshot.framesOut} frames`}
      </div>
      <div className="videos">
        <div>
          <div className="muted">input</div>
          <LiveVideo stream={input} testId="input-video" />
        </div>
        <div>
          <div className="muted">output</div>
          <LiveVideo stream={snapshot.output} testId="output-video" />
        </div>
      </div>
      {spec.kind === 'transcode' && (
        <div data-testid="transcode">
          <div className="row">
            {Object.keys(VIDEO_PROFILES)
              .filter((p) => p.includes('30fps'))
              .map((p) => (
                <label key={p}>
                  <input
                    type="checkbox"
                    disabled={running}
                    checked={spec.profiles.includes(p)}
                    onChange={(e) =>
                      setDraft({
                        version: 1,
                        kind: 'transcode',
                        profiles: e.target.checked
                          ? [...spec.profiles, p]
                          : spec.profiles.filter((x) => x !== p),
                      })
                    }
                  />
                  {p}
                </label>
              ))}
          </div>
          {hlsBase && (
            <div className="row" data-testid="hls-links">
              HLS:{' '}
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
      )}
      {spec.kind === 'ai' && (
        <div className="col" data-testid="ai-chain">
          <div className="row">
            <label>
              Size{' '}
              <select
                disabled={running}
                value={spec.width}
                onChange={(e) =>
                  setDraft({ ...spec, width: Number(e.target.value), height: Number(e.target.value) })
                }
              >
                {[128, 256, 384, 512].map((s) => (
                  <option key={s} value={s}>
                    {s}x{s}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={running || spec.stages.length >= 8 || !catalogue[0]}
              onClick={() =>
                catalogue[0] &&
                setDraft({
                  ...spec,
                  stages: [
                    ...spec.stages,
                    { model: catalogue[0].model, params: defaultParams(catalogue[0]) },
                  ],
                })
              }
            >
              Add stage
            </button>
          </div>
          {spec.stages.map((stage, i) => (
            <StageEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: stages are positional
              key={i}
              index={i}
              stage={stage}
              catalogue={catalogue}
              onModel={(model, params) => stageModel(i, model, params)}
              onParams={(params) => stageParams(i, params)}
              onRemove={
                running || spec.stages.length <= 1
                  ? undefined
                  : () => setDraft({ ...spec, stages: spec.stages.filter((_, j) => j !== i) })
              }
            />
          ))}
        </div>
      )}
      <SwapLog swaps={snapshot.swaps} />
    </section>
  )
}
