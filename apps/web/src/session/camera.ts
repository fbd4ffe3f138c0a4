import { CameraError } from './errors.ts'

/** A camera the user can pick. */
export type CameraInfo = { deviceId: string; label: string }

/** Resolutions offered in the picker. */
export const RESOLUTIONS = [
  { label: '320x240', width: 320, height: 240 },
  { label: '640x480', width: 640, height: 480 },
  { label: '1280x720', width: 1280, height: 720 },
] as const

/**
 * Lists the video input devices (labels appear once camera permission was granted).
 * @returns cameras, possibly empty.
 */
export async function listCameras(): Promise<CameraInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices()
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `camera ${i + 1}` }))
}

/**
 * Opens a camera at a resolution (video only).
 * @param deviceId the camera, or undefined for the default one.
 * @param width wanted width. @param height wanted height.
 * @returns the media stream.
 * @throws CameraError `WEB_CAMERA_FAILED` when no camera or no permission.
 * @example
 * const stream = await openCamera(undefined, 640, 480)
 */
export async function openCamera(
  deviceId: string | undefined,
  width: number,
  height: number,
): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        width: { ideal: width },
        height: { ideal: height },
        frameRate: { ideal: 30 },
      },
    })
  } catch (err) {
    throw new CameraError('the camera could not be opened', err)
  }
}
