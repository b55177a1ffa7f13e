// Script of the isolation frame (an opaque origin: sandbox="allow-scripts", no allow-same-origin).
// It starts the kernel worker from the code the page sent, owns the shared memory the worker
// blocks on (memory cannot be shared with the page, another agent cluster), and turns the
// page's interrupt and input() messages into writes to it. It never touches the kernel protocol.
import { isFrameStart, type ControlEvent, type ControlRequest, type FrameStart, type WorkerHandoff } from './messages'
import { sharedSignals } from './signals'
import { defaultShared } from '../stdin-channel'
import { isBootstrapMessage, startBootstrap } from './worker-start'

async function start({ workerCode, kernelPort, fetchPort, controlPort }: FrameStart): Promise<void> {
  const send = (event: ControlEvent) => controlPort.postMessage(event)
  const started = await startBootstrap()
  if ('refused' in started) {
    send({
      type: 'error',
      step: 'worker',
      message:
        'this browser refused to start a worker in the sandboxed kernel frame (a Web Worker from a blob: or ' +
        `data: URL of an opaque origin): ${started.refused.join('; ')}`,
    })
    return
  }
  const { worker } = started
  // Exists when this frame is cross-origin isolated (allow="cross-origin-isolated" on a COEP page)
  // and the engine lets it travel to the worker (WebKit 2.50 refuses to clone it: see below).
  let shared = defaultShared()
  worker.onerror = (ev) => {
    ev.preventDefault()
    send({ type: 'error', step: 'run', message: ev.message || 'the kernel worker stopped with an error' })
  }
  worker.onmessage = (ev: MessageEvent) => {
    if (isBootstrapMessage(ev.data) && ev.data.quireBootstrap === 'import-failed')
      send({ type: 'error', step: 'import', message: `the kernel module did not load: ${ev.data.message}` })
  }
  const handoff: WorkerHandoff = { workerCode, kernelPort, fetchPort, shared }
  try {
    worker.postMessage(handoff, [workerCode, kernelPort, fetchPort])
  } catch (err) {
    // WebKitGTK 2.50 makes shared memory in this frame (crossOriginIsolated is true) yet throws
    // DataCloneError when it is posted to the frame's own worker: the kernel runs without it.
    if (!shared) throw err
    shared = undefined
    worker.postMessage({ ...handoff, shared }, [workerCode, kernelPort, fetchPort])
  }
  const signals = shared && sharedSignals(shared)
  controlPort.onmessage = (ev: MessageEvent<ControlRequest>) => {
    const req = ev.data
    if (req.type === 'interrupt') signals?.interrupt()
    else if (req.type === 'input_reply') signals?.replyInput(String(req.text))
    else if (req.type === 'input_cancel') signals?.cancelInput()
  }
  send({ type: 'started', hasShared: signals !== undefined })
}

// Only the page that made this frame may start it (sibling output frames can post here too).
addEventListener('message', function onStart(ev: MessageEvent) {
  if (ev.source !== parent || !isFrameStart(ev.data)) return
  removeEventListener('message', onStart)
  const { controlPort } = ev.data
  start(ev.data).catch((err: unknown) =>
    controlPort.postMessage({ type: 'error', step: 'handoff', message: String(err) } satisfies ControlEvent),
  )
})
