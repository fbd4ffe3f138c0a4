/** Errors of the mediasoup media plane (worker pool, WHEP viewers). */
import { BaseError } from '@prism/protocol'

/**
 * No mediasoup worker could start: the binary is missing (mediasoup's install could not download
 * it and `MEDIASOUP_WORKER_BIN` is unset), not executable, or lacks its shared libraries (libuv,
 * OpenSSL 3). Code `MEDIASOUP_WORKER_UNAVAILABLE`, HTTP 503.
 */
export class MediasoupWorkerUnavailableError extends BaseError {
  override name = 'MediasoupWorkerUnavailableError'
  constructor(workerBin: string, cause: unknown) {
    super('MEDIASOUP_WORKER_UNAVAILABLE', `the mediasoup worker ${workerBin} cannot start`, {
      httpStatus: 503,
      cause,
      metaMessages: [
        'Set MEDIASOUP_WORKER_BIN to a mediasoup-worker 3.27.1 binary for this machine',
        '(see docs/mediasoup.md), and check `ldd` finds libuv.so.1 and libssl.so.3.',
      ],
    })
  }
}

/** The stream already has `-maxViewers` WHEP viewers. Code `WHEP_VIEWER_LIMIT`, HTTP 503. */
export class WhepViewerLimitError extends BaseError {
  override name = 'WhepViewerLimitError'
  constructor(streamId: string, max: number) {
    super('WHEP_VIEWER_LIMIT', `stream ${streamId} already has ${max} viewers (-maxViewers)`, {
      httpStatus: 503,
    })
  }
}

/** No live session has this stream id (nothing to watch). Code `WHEP_STREAM_NOT_LIVE`, HTTP 404. */
export class WhepStreamNotLiveError extends BaseError {
  override name = 'WhepStreamNotLiveError'
  constructor(streamId: string) {
    super('WHEP_STREAM_NOT_LIVE', `stream ${streamId} is not live on this node`, { httpStatus: 404 })
  }
}

/** The media plane is closed (the node is shutting down). Code `MEDIA_PLANE_CLOSED`, HTTP 503. */
export class MediaPlaneClosedError extends BaseError {
  override name = 'MediaPlaneClosedError'
  constructor() {
    super('MEDIA_PLANE_CLOSED', 'the mediasoup media plane is closed', { httpStatus: 503 })
  }
}

/** DELETE or PATCH on a WHEP Location that names no live viewer. Code `WHEP_VIEWER_NOT_FOUND`, HTTP 404. */
export class WhepViewerNotFoundError extends BaseError {
  override name = 'WhepViewerNotFoundError'
  constructor() {
    super('WHEP_VIEWER_NOT_FOUND', 'no such WHEP viewer (it may have ended)', { httpStatus: 404 })
  }
}

/**
 * A WHEP POST asks for a rendition (`?rendition=`) the stream's session does not have: only a
 * transcode's ladder renditions can be watched apart. Code `WHEP_RENDITION_NOT_FOUND`, HTTP 404.
 */
export class WhepRenditionNotFoundError extends BaseError {
  override name = 'WhepRenditionNotFoundError'
  constructor(streamId: string, rendition: string, available: readonly string[]) {
    super(
      'WHEP_RENDITION_NOT_FOUND',
      `stream ${streamId} has no rendition ${JSON.stringify(rendition)} (${
        available.length ? `renditions: ${available.join(', ')}` : 'it has no renditions to watch apart'
      })`,
      { httpStatus: 404 },
    )
  }
}
