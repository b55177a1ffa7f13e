import { defaultConfig, loadConfig } from '../config'
import { appPath, BASE, siteRoot } from '../shared/base'
import { announcePackageBase, announcePyodideIndex } from './packageCache'

const RELOADED = 'quire:isolation-reload'

/**
 * Registers public/sw.js (app shell + Pyodide core offline, cross-origin-isolation headers).
 * On a host that cannot send those headers, the first visit is not isolated until the service
 * worker serves the page, so it reloads once then (coi-serviceworker does the same).
 */
export async function registerServiceWorker(
  pyodideIndexUrl = defaultConfig(siteRoot()).pyodideIndexUrl,
): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  const sw = navigator.serviceWorker
  const hadController = sw.controller !== null
  const script = `${appPath('/sw.js')}?pyodide=${encodeURIComponent(pyodideIndexUrl)}`
  await sw.register(script, { scope: BASE })
  const registration = await sw.ready
  // Where Pyodide's core and lock packages come from is configuration the worker cannot read itself.
  const config = loadConfig().catch(() => undefined)
  void config.then((c) => {
    if (!c) return
    announcePackageBase(registration.active, c.pyodidePackageBaseUrl)
    announcePyodideIndex(registration.active, c.pyodideIndexUrl)
  })
  // Files loaded before the worker took control were not seen by it: hand their URLs over (ours, and
  // Pyodide's core when it comes from another origin, which the worker keeps too).
  const send = async () => {
    const core = (await config)?.pyodideIndexUrl
    const wanted = (n: PerformanceEntry) => n.name.startsWith(location.origin) || (!!core && n.name.startsWith(core))
    const urls = performance
      .getEntriesByType('resource')
      .filter(wanted)
      .map((e) => e.name)
    sw.controller?.postMessage({ type: 'cache', urls })
  }
  if (sw.controller) void send()
  else sw.addEventListener('controllerchange', () => void send(), { once: true })
  // /check is served without isolation on purpose (public/sw.js): reloading would not change that.
  const isCheck = /^\/check\/?$/.test(location.pathname.slice(BASE.length - 1))
  if (!hadController && !crossOriginIsolated && !isCheck && !sessionStorage.getItem(RELOADED)) {
    sessionStorage.setItem(RELOADED, '1')
    const reload = () => location.reload()
    if (sw.controller) reload()
    else sw.addEventListener('controllerchange', reload, { once: true })
  }
}
