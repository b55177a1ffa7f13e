// Script of the isolation frame (an opaque origin: sandbox="allow-scripts", no allow-same-origin).
// It starts the kernel worker from the code the page sent, owns the shared memory the worker
// blocks on (memory cannot be shared with the page, another agent cluster), and turns the
// page's interrupt and input() messages into writes to it. It never touches the kernel protocol.
import { isFrameStart, type ControlEvent, type ControlRequest, type FrameStart, type WorkerHandoff } from './messages'
import { sharedSignals } from './signals'
import { defaultShared } from '../stdin-channel'

// Chromium refuses a module worker from a blob: URL of an opaque origin (measured in Chromium 156),
// but a classic worker may import() one. Pyodide refuses classic workers, which it detects by a
// working importScripts: the worker needs none, so it goes. The handoff travels on a global the
// kernel module reads first (worker-handoff.ts).
const BOOTSTRAP = `onmessage = (e) => {
  onmessage = null
  self.importScripts = () => { throw new TypeError('importScripts is not available in the kernel') }
  self.quireHandoff = e.data
  import(URL.createObjectURL(new Blob([e.data.workerCode], { type: 'text/javascript' })))
    .catch((err) => setTimeout(() => { throw err }))
}`

function start({ workerCode, kernelPort, fetchPort, controlPort }: FrameStart): void {
  const send = (event: ControlEvent) => controlPort.postMessage(event)
  // Exists when this frame is cross-origin isolated (allow="cross-origin-isolated" on a COEP page).
  const shared = defaultShared()
  const signals = shared && sharedSignals(shared)
  const worker = new Worker(URL.createObjectURL(new Blob([BOOTSTRAP], { type: 'text/javascript' })), {
    name: 'quire-kernel',
  })
  worker.onerror = (ev) => {
    ev.preventDefault()
    send({ type: 'error', message: ev.message || 'kernel worker error' })
  }
  controlPort.onmessage = (ev: MessageEvent<ControlRequest>) => {
    const req = ev.data
    if (req.type === 'interrupt') signals?.interrupt()
    else if (req.type === 'input_reply') signals?.replyInput(String(req.text))
    else if (req.type === 'input_cancel') signals?.cancelInput()
  }
  const handoff: WorkerHandoff = { workerCode, kernelPort, fetchPort, shared }
  worker.postMessage(handoff, [workerCode, kernelPort, fetchPort])
  send({ type: 'started', hasShared: signals !== undefined })
}

// Only the page that made this frame may start it (sibling output frames can post here too).
addEventListener('message', function onStart(ev: MessageEvent) {
  if (ev.source !== parent || !isFrameStart(ev.data)) return
  removeEventListener('message', onStart)
  start(ev.data)
})
