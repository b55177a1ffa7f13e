// Script of the R isolation frame (an opaque origin: sandbox="allow-scripts", no allow-same-origin).
// It only starts the host worker (r-host.ts), where webR runs whole, from the code the page sent.
// webR cannot run in this document: it parses URLs against `location.origin`, which is "null" in
// an opaque origin and throws (measured in Chromium 156). A worker's `location` is not
// unforgeable, so the bootstrap shadows it with a placeholder origin that names no server
// (.invalid never resolves), then imports the host module. As in the Python frame
// (kernels/python/frame/worker-start.ts), the bootstrap starts from a blob: URL where the engine
// allows it and from a data: URL in WebKit, which refuses workers from blob: URLs of an opaque
// origin; a data: bootstrap imports the host from a data: URL and says so to the host
// (`dataUrls`), which then starts webR's own worker the same way.
import { isBootstrapMessage, startBootstrap } from '../../python/frame/worker-start'
import { isRFrameStart, type RFrameStart } from './messages'
import { R_BOOTSTRAP } from './r-bootstrap'

async function start(msg: RFrameStart): Promise<void> {
  const fail = (why: string) => msg.errorPort.postMessage(why)
  const started = await startBootstrap((url) => new Worker(url, { name: 'quire-r-host' }), R_BOOTSTRAP)
  if ('refused' in started)
    return fail(
      'this browser refused to start a worker in the sandboxed R frame (a Web Worker from a blob: or data: URL ' +
        `of an opaque origin): ${started.refused.join('; ')}`,
    )
  const { worker } = started
  worker.onerror = (ev) => {
    ev.preventDefault()
    // The page's calls fail with the reason instead of waiting for an answer that cannot come.
    fail(ev.message || 'the R host worker failed')
  }
  worker.onmessage = (ev: MessageEvent) => {
    if (isBootstrapMessage(ev.data) && ev.data.quireBootstrap === 'import-failed')
      fail(`the R host module did not load: ${ev.data.message}`)
  }
  const { hostCode, rpcPort, fetchPort, baseUrl, repoUrl } = msg
  worker.postMessage({ hostCode, rpcPort, fetchPort, baseUrl, repoUrl }, [hostCode, rpcPort, fetchPort])
}

// Only the page that made this frame may start it.
addEventListener('message', function onStart(ev: MessageEvent) {
  if (ev.source !== parent || !isRFrameStart(ev.data)) return
  removeEventListener('message', onStart)
  const { errorPort } = ev.data
  start(ev.data).catch((err: unknown) => errorPort.postMessage(`the R frame did not start: ${String(err)}`))
})
