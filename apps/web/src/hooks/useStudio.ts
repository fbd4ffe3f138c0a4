import { DEFAULT_TRANSCODE_PROFILES } from '@prism/protocol'
import { useCallback, useEffect, useState } from 'react'
import { type CameraInfo, listCameras, openCamera, RESOLUTIONS } from '../session/camera.ts'
import type { GatewaySnapshot, LiveGateway } from '../session/LiveGateway.ts'
import { type CatalogueModel, defaultParams } from '../session/modelCatalogue.ts'
import {
  type WebPipelineSpec,
  type WebStageSpec,
  withStageModel,
  withStageParams,
} from '../session/pipelineSpec.ts'
import { presetStages, type StylePreset } from '../session/presets.ts'

/** Options of {@link useStudio}. */
export type UseStudioOptions = {
  gateway: LiveGateway
  snapshot: GatewaySnapshot
  catalogue: CatalogueModel[]
  /** Runs before a stream starts (discovery for this pipeline kind); false stops the start. */
  onBeforeStart: (kind: WebPipelineSpec['kind']) => Promise<boolean>
}

/** What {@link useStudio} returns: the pipeline being edited or streamed, the camera, and actions. */
export type Studio = {
  /** The spec shown: the live one while streaming, else the draft. */
  spec: WebPipelineSpec
  running: boolean
  /** A start is being prepared (camera, discovery) before the gateway takes over. */
  starting: boolean
  cameras: CameraInfo[]
  cameraId: string | undefined
  setCameraId: (id: string | undefined) => void
  resolution: number
  setResolution: (i: number) => void
  input: MediaStream | undefined
  /** The last local error (camera, start), as text. */
  error: string | undefined
  /** Forgets {@link error} (its cause went away). */
  clearError: () => void
  openSelectedCamera: () => Promise<void>
  start: () => Promise<void>
  stop: () => Promise<void>
  setKind: (kind: WebPipelineSpec['kind']) => void
  setDraft: (spec: WebPipelineSpec) => void
  applyPreset: (preset: StylePreset) => Promise<void>
  stageModel: (i: number, model: string, params: Record<string, number>) => void
  stageParams: (i: number, params: Record<string, number>) => void
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

const message = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0]! : String(err))

/**
 * The studio's state: the pipeline draft (kind, AI chain, transcode ladder), the camera and its
 * resolution, and start / stop / live edits (slider moves and model switches go to the node while
 * streaming and stay in the draft; a preset with another chain length restarts the stream).
 * @example
 * const studio = useStudio({ gateway, snapshot, catalogue, onBeforeStart })
 */
export function useStudio({ gateway, snapshot, catalogue, onBeforeStart }: UseStudioOptions): Studio {
  const [cameras, setCameras] = useState<CameraInfo[]>([])
  const [cameraId, setCameraId] = useState<string>()
  const [resolution, setResolution] = useState(1)
  const [input, setInput] = useState<MediaStream>()
  const [draft, setDraft] = useState<WebPipelineSpec>(() => initialAi(catalogue))
  const [error, setError] = useState<string>()
  const [starting, setStarting] = useState(false)
  const running = snapshot.state !== 'idle' && snapshot.state !== 'stopped' && snapshot.state !== 'failed'
  const spec = running && snapshot.spec ? snapshot.spec : draft

  useEffect(() => {
    void listCameras().then(setCameras, () => setCameras([]))
  }, [])

  const open = useCallback(async (): Promise<MediaStream> => {
    const r = RESOLUTIONS[resolution] ?? RESOLUTIONS[1]
    for (const t of input?.getTracks() ?? []) t.stop()
    const stream = await openCamera(cameraId, r.width, r.height)
    setInput(stream)
    void listCameras().then(setCameras, () => {})
    return stream
  }, [resolution, cameraId, input])

  const openSelectedCamera = useCallback(async () => {
    setError(undefined)
    try {
      await open()
    } catch (err) {
      setError(message(err))
    }
  }, [open])

  const startWith = useCallback(
    async (next: WebPipelineSpec) => {
      setError(undefined)
      setStarting(true)
      try {
        let stream = input
        if (!stream || stream.getVideoTracks().every((t) => t.readyState === 'ended')) stream = await open()
        if (!(await onBeforeStart(next.kind))) return
        await gateway.start(stream, next)
      } catch (err) {
        setError(message(err))
      } finally {
        setStarting(false)
      }
    },
    [input, open, onBeforeStart, gateway],
  )

  const start = useCallback(() => startWith(draft), [startWith, draft])
  const clearError = useCallback(() => setError(undefined), [])
  const stop = useCallback(() => gateway.stop(), [gateway])

  const setKind = useCallback(
    (kind: WebPipelineSpec['kind']) => {
      if (kind === 'passthrough') setDraft({ version: 1, kind })
      else if (kind === 'transcode') setDraft({ version: 1, kind, profiles: [...DEFAULT_TRANSCODE_PROFILES] })
      else setDraft(initialAi(catalogue))
    },
    [catalogue],
  )

  const stageParams = useCallback(
    (i: number, params: Record<string, number>) => {
      if (running) gateway.updateStage(i, params)
      setDraft((d) => withStageParams(d, i, params))
    },
    [running, gateway],
  )

  const stageModel = useCallback(
    (i: number, model: string, params: Record<string, number>) => {
      if (running) gateway.setStage(i, model, params)
      setDraft((d) => withStageModel(d, i, model, params))
    },
    [running, gateway],
  )

  const applyPreset = useCallback(
    async (preset: StylePreset) => {
      const stages: WebStageSpec[] = presetStages(preset, catalogue)
      const base = spec.kind === 'ai' ? spec : initialAi(catalogue)
      if (base.kind !== 'ai') return
      const next: WebPipelineSpec = { ...base, stages }
      setDraft(next)
      if (!running) return
      if (base.stages.length === stages.length) {
        stages.forEach((s, i) => {
          gateway.setStage(i, s.model, s.params)
        })
      } else await startWith(next)
    },
    [catalogue, spec, running, gateway, startWith],
  )

  return {
    spec,
    running,
    starting,
    cameras,
    cameraId,
    setCameraId,
    resolution,
    setResolution,
    input,
    error,
    clearError,
    openSelectedCamera,
    start,
    stop,
    setKind,
    setDraft,
    applyPreset,
    stageModel,
    stageParams,
  }
}
