import { useEffect, useRef } from 'react'

/**
 * A muted, autoplaying video element bound to a MediaStream.
 * @example <LiveVideo stream={camera} testId="input-video" />
 */
export function LiveVideo({
  stream,
  testId,
  className,
}: {
  stream: MediaStream | undefined
  testId: string
  className?: string
}) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (el.srcObject !== (stream ?? null)) el.srcObject = stream ?? null
    if (stream) void el.play().catch(() => {})
  }, [stream])
  return <video ref={ref} data-testid={testId} className={className} muted autoPlay playsInline />
}
