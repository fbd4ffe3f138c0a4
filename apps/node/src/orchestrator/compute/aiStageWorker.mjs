// Entry of an ai stage's worker thread: loads TypeScript through tsx (as bin/prism.js does for the
// main thread), then runs aiStageWorker.ts.
import { register } from 'tsx/esm/api'

register()
await import('./aiStageWorker.ts')
