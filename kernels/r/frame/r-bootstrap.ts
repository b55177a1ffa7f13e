// The R host worker's bootstrap (started by r-frame-main.ts): it reads whether it runs from a data: URL
// (WebKit) before shadowing `location` with the placeholder origin webR needs, hands the ports over on a
// global with `dataUrls` set accordingly, and imports the host module from its bytes (MODULE_URL).
import { MODULE_URL } from '../../python/frame/worker-start'

export const R_BOOTSTRAP = `const isData = location.protocol === 'data:'
onmessage = (e) => {
  onmessage = null
  const failed = (err) => postMessage({ quireBootstrap: 'import-failed', message: String(err && err.stack || err) })
  try {
    const href = 'http://quire-webr.invalid/'
    Object.defineProperty(self, 'location', {
      value: Object.freeze({ href, origin: 'http://quire-webr.invalid', protocol: 'http:', host: 'quire-webr.invalid', hostname: 'quire-webr.invalid', port: '', pathname: '/', search: '', hash: '', toString: () => href }),
      configurable: true,
    })
    self.quireRHandoff = Object.assign(e.data, { dataUrls: isData })
    const bytes = new Uint8Array(e.data.hostCode)
    ${MODULE_URL}
    import(url).catch(failed)
  } catch (err) {
    failed(err)
  }
}
postMessage({ quireBootstrap: 'alive' })`
