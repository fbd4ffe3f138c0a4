import type { Studio } from '../hooks/useStudio.ts'
import { RESOLUTIONS } from '../session/camera.ts'

/** The camera and its resolution, and a button to preview it before starting. */
export function SourcePanel({ studio }: { studio: Studio }) {
  const { running } = studio
  return (
    <section className="card source" data-testid="source">
      <div className="card-head">
        <h2>Camera</h2>
        <button
          type="button"
          className="ghost small"
          onClick={() => void studio.openSelectedCamera()}
          disabled={running}
        >
          {studio.input ? 'Reopen' : 'Preview'}
        </button>
      </div>
      <div className="row">
        <select
          value={studio.cameraId ?? ''}
          onChange={(e) => studio.setCameraId(e.target.value || undefined)}
          disabled={running}
          aria-label="Camera"
        >
          <option value="">Default camera</option>
          {studio.cameras.map((c) => (
            <option key={c.deviceId} value={c.deviceId}>
              {c.label}
            </option>
          ))}
        </select>
        <select
          value={studio.resolution}
          onChange={(e) => studio.setResolution(Number(e.target.value))}
          disabled={running}
          aria-label="Camera resolution"
        >
          {RESOLUTIONS.map((r, i) => (
            <option key={r.label} value={i}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
    </section>
  )
}
