// For specs whose environments name packages of Pyodide's lock (numpy, scipy) but only check the
// verdict: the launch now downloads those packages before the notebook opens (issue 22), and the
// real CDN is out of reach here. A mirror of the core (e2e/servers/pyodide-cdn.ts) serves each as a
// small pure-Python wheel of the lock's own version, the lock rewritten for it, as a self-hoster's
// mirror would be; the page is pointed at it the way config.json would.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { buildWheel } from '../scripts/lib/wheel.mjs'
import { startPyodideCdn, type PyodideCdn } from './servers/pyodide-cdn'

const VERSION: string = createRequire(import.meta.url)('pyodide/package.json').version
const CORE = fileURLToPath(new URL(`../public/pyodide/${VERSION}/`, import.meta.url))

export async function startLockStandIn(page: Page, names: string[]): Promise<PyodideCdn> {
  const lock = JSON.parse(readFileSync(`${CORE}pyodide-lock.json`, 'utf8')) as {
    packages: Record<string, { version: string }>
  }
  const cdn = await startPyodideCdn({ coreDir: CORE, version: VERSION })
  for (const name of names) {
    const version = lock.packages[name].version
    const wheel = buildWheel({ name, version, files: { [`${name}/__init__.py`]: `__version__ = "${version}"\n` } })
    cdn.addPackage({ name, version, fileName: wheel.filename, bytes: wheel.bytes, imports: [name] })
  }
  await page.addInitScript((url) => {
    const cur: unknown = JSON.parse(localStorage.getItem('quire:config') ?? '{}')
    const cfg = { ...(typeof cur === 'object' ? cur : {}), pyodideIndexUrl: url, pyodidePackageBaseUrl: url }
    localStorage.setItem('quire:config', JSON.stringify(cfg))
  }, cdn.url)
  return cdn
}
