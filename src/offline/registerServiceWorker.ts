import { defaultConfig, loadConfig } from '../config'
import { appPath, BASE, siteRoot } from '../shared/base'
import { mark } from '../shared/marks'
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
  mark('service-worker-ready')
  // Where Pyodide's core and lock packages come from is configuration the worker cannot read itself.
  const config = loadConfig().catch(() => undefined)
  void config.then((c) => {
    if (!c) return
    announcePackageBase(registration.active, c.pyodidePackageBaseUrl)
    announcePyodideIndex(registration.active, c.pyodideIndexUrl)
  })
  // Files loaded before the worker took control were not seen by it: hand their URLs over (ours, and
  // Pyodide's core when it comes from another origin, which the worker keeps too). A core file still
  // on its way at that moment passed the worker before it knew the configured core folder: it is
  // handed over when it arrives.
  const handOver = async () => {
    const core = (await config)?.pyodideIndexUrl
    const isCore = (url: string) => !!core && url.startsWith(core)
    const wanted = (url: string) => url.startsWith(location.origin) || isCore(url)
    let first = true
    new PerformanceObserver((list) => {
      const urls = list
        .getEntries()
        .map((e) => e.name)
        .filter(first ? wanted : isCore)
      first = false
      if (urls.length > 0) sw.controller?.postMessage({ type: 'cache', urls })
    }).observe({ type: 'resource', buffered: true })
  }
  if (sw.controller) void handOver()
  else sw.addEventListener('controllerchange', () => void handOver(), { once: true })
  // /check is served without isolation on purpose (public/sw.js): reloading would not change that.
  const isCheck = /^\/check\/?$/.test(location.pathname.slice(BASE.length - 1))
  if (!hadController && !crossOriginIsolated && !isCheck && !sessionStorage.getItem(RELOADED)) {
    sessionStorage.setItem(RELOADED, '1')
    const reload = () => location.reload()
    if (sw.controller) reload()
    else sw.addEventListener('controllerchange', reload, { once: true })
  }
}
