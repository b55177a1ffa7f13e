// Script of the R isolation frame (an opaque origin: sandbox="allow-scripts", no allow-same-origin).
// It only starts the host worker (r-host.ts), where webR runs whole, from the code the page sent.
// webR cannot run in this document: it parses URLs against `location.origin`, which is "null" in
// an opaque origin and throws (measured in Chromium 156). A worker's `location` is not
// unforgeable, so the bootstrap shadows it with a placeholder origin that names no server
// (.invalid never resolves), then imports the host module. Chromium refuses a module worker from
// a blob: URL of an opaque origin, so, as in the Python frame, a classic bootstrap import()s it.
import { isRFrameStart, type RFrameStart } from './messages'

const BOOTSTRAP = `onmessage = (e) => {
  onmessage = null
  const href = 'http://quire-webr.invalid/'
  Object.defineProperty(self, 'location', {
    value: Object.freeze({ href, origin: 'http://quire-webr.invalid', protocol: 'http:', host: 'quire-webr.invalid', hostname: 'quire-webr.invalid', port: '', pathname: '/', search: '', hash: '', toString: () => href }),
    configurable: true,
  })
  self.quireRHandoff = e.data
  import(URL.createObjectURL(new Blob([e.data.hostCode], { type: 'text/javascript' })))
    .catch((err) => setTimeout(() => { throw err }))
}`

function start(msg: RFrameStart): void {
  const worker = new Worker(URL.createObjectURL(new Blob([BOOTSTRAP], { type: 'text/javascript' })), {
    name: 'quire-r-host',
  })
  worker.onerror = (ev) => {
    ev.preventDefault()
    // The page's calls fail with the reason instead of waiting for an answer that cannot come.
    msg.errorPort.postMessage(ev.message || 'the R host worker failed')
  }
  const { hostCode, rpcPort, fetchPort, baseUrl, repoUrl } = msg
  worker.postMessage({ hostCode, rpcPort, fetchPort, baseUrl, repoUrl }, [hostCode, rpcPort, fetchPort])
}

// Only the page that made this frame may start it.
addEventListener('message', function onStart(ev: MessageEvent) {
  if (ev.source !== parent || !isRFrameStart(ev.data)) return
  removeEventListener('message', onStart)
  start(ev.data)
})
