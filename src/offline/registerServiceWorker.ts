import { defaultConfig, loadConfig } from '../config'
import { appPath, BASE, siteRoot } from '../shared/base'
import { announcePackageBase } from './packageCache'

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
  const ours = (n: PerformanceEntry) => n.name.startsWith(location.origin)
  // Files loaded before the worker took control were not seen by it: hand their URLs over.
  const send = () =>
    sw.controller?.postMessage({
      type: 'cache',
      urls: [
        ...performance
          .getEntriesByType('resource')
          .filter(ours)
          .map((e) => e.name),
      ],
    })
  // Where Pyodide's lock packages come from is configuration the worker cannot read itself.
  loadConfig()
    .then((c) => announcePackageBase(registration.active, c.pyodidePackageBaseUrl))
    .catch(() => undefined)
  if (sw.controller) send()
  else sw.addEventListener('controllerchange', send, { once: true })
  // /check is served without isolation on purpose (public/sw.js): reloading would not change that.
  const isCheck = /^\/check\/?$/.test(location.pathname.slice(BASE.length - 1))
  if (!hadController && !crossOriginIsolated && !isCheck && !sessionStorage.getItem(RELOADED)) {
    sessionStorage.setItem(RELOADED, '1')
    const reload = () => location.reload()
    if (sw.controller) reload()
    else sw.addEventListener('controllerchange', reload, { once: true })
  }
}
