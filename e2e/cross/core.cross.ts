// The core set in the engines Playwright's Chromium suite does not cover (engines.ts): Firefox and
// WebKit, one after the other, never at once. Real local servers: the build (scripts/serve.mjs),
// the fixture git server and PyPI index (e2e/servers), as in the Chromium suite.
// Run by `npm run test:cross` (under xvfb-run, which WebKit's MiniBrowser needs).
import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startStaticServer } from '../../scripts/serve.mjs'
import { addFixtureRepos, fixtureDir, gitLaunchPath } from '../fixtures'
import { startGitServer, type GitServer } from '../servers/git-server'
import { startPypiServer, type PypiServer } from '../servers/pypi-server'
import { missing, openEngine, type EngineName, type EnginePage } from './engines'

const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url))
const PORT = Number(process.env.QUIRE_E2E_PORT ?? 4174)
const ALL_ENGINES: EngineName[] = ['firefox', 'webkit']
// QUIRE_CROSS_ENGINES=webkit runs one engine (while working on it); CI runs both.
const ENGINES = ALL_ENGINES.filter((e) => (process.env.QUIRE_CROSS_ENGINES ?? e).split(',').includes(e))

let app: Server
let git: GitServer
let repos: Record<string, { cloneUrl: string; sha: string }>
let pypi: PypiServer
const appUrl = `http://127.0.0.1:${PORT}`

before(async () => {
  app = await startStaticServer({ root: DIST, port: PORT })
  git = await startGitServer()
  repos = await addFixtureRepos(git)
  pypi = await startPypiServer()
  await pypi.addFromDir(fixtureDir('packages', 'greetings'))
})
after(async () => {
  await git?.stop()
  await pypi?.stop()
  await new Promise((r) => app?.close(r))
})

/** Polls `body` in the page until it returns something truthy; fails with the last value seen. */
async function until<T>(page: EnginePage, body: string, what: string, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < end) {
    last = await page.evaluate<T>(body)
    if (last) return last as T
    await new Promise((r) => setTimeout(r, 250))
  }
  const shown = await page.evaluate<string>('return document.body.innerText.slice(0, 1500)')
  assert.fail(`${page.engine}: ${what} never held (last ${JSON.stringify(last)}); the page shows:\n${shown}`)
}

const OUTPUTS = `return [...document.querySelectorAll('.jp-CodeCell')].map((c) =>
  c.querySelector('.jp-OutputArea-output')?.textContent ?? '')`
const outputContains = (cell: number, text: string) =>
  `const o = document.querySelectorAll('.jp-CodeCell')[${cell}]?.querySelector('.jp-OutputArea');
   return !!o && o.textContent.includes(${JSON.stringify(text)})`
const KERNEL_IDLE = `return /Kernel Idle/.test(document.querySelector('[data-jp-item-name="kernel-status"]')?.title ?? '')`

/** The user's own config: the fixture index instead of PyPI (as e2e/fixtures.ts sets it). */
async function configure(page: EnginePage): Promise<void> {
  await page.goto(`${appUrl}/`)
  await page.evaluate(`localStorage.setItem('quire:config', ${JSON.stringify(JSON.stringify({ pypiUrl: pypi.url }))})`)
}

async function runCell(page: EnginePage, cell: number, code?: string): Promise<void> {
  await page.click(`.jp-CodeCell:nth-of-type(${cell + 1}) .cm-content`)
  await page.evaluate(`
    const cell = document.querySelectorAll('.jp-CodeCell')[${cell}]
    cell.querySelector('.cm-content').focus()`)
  if (code !== undefined) await page.evaluate(`document.execCommand('selectAll')`)
  await page.type(code ?? '', true)
}

/**
 * Whether the kernel in the isolation frame gets shared memory, as measured: Firefox's frame shares
 * it with its worker; WebKit's has no SharedArrayBuffer to share (docs/SECURITY.md). It decides
 * how input() and interrupt behave, which the tests check either way.
 */
const SHARED_MEMORY: Record<EngineName, boolean> = { firefox: true, webkit: false }
const INTERRUPT = `document.querySelector('[data-jp-item-name="interrupt"] jp-button, [data-jp-item-name="interrupt"] button')`

for (const engine of ENGINES) {
  const lacks = missing(engine)
  if (lacks) console.warn(`cross-browser: ${engine} did not run: missing ${lacks}`)
  describe(engine, { skip: lacks ? `missing ${lacks}` : false }, () => {
    let page: EnginePage
    before(async () => {
      page = await openEngine(engine)
      await configure(page)
    })
    after(() => page?.close())

    test('the demo runs all its cells, the wheel from requirements.txt included', async () => {
      await page.goto(`${appUrl}/v2/demo/quire-demo`)
      await until(page, KERNEL_IDLE, 'the kernel idle')
      await page.click('[data-jp-item-name="run-all"] jp-button, [data-jp-item-name="run-all"] button')
      await until(page, outputContains(3, 'installed from a wheel'), 'the wheel cell output')
      const outs = await page.evaluate<string[]>(OUTPUTS)
      assert.match(outs[0], /Python 3\.14.*on emscripten/s)
      assert.equal(outs[1].trim(), '5050')
      assert.match(outs[2], /6 months, mean 61\.0 mm/)
    })

    test('the storage-attack notebook reaches no storage of the app', async () => {
      await page.goto(`${appUrl}${gitLaunchPath(repos['storage-attack'].cloneUrl, 'main', 'attack.ipynb')}`)
      await until(page, KERNEL_IDLE, 'the kernel idle')
      const sandbox = await page.evaluate<string>(
        `return document.querySelector('iframe.quire-KernelFrame')?.getAttribute('sandbox')`,
      )
      assert.equal(sandbox, 'allow-scripts')
      await runCell(page, 0, `APP = ${JSON.stringify(appUrl)}`)
      await runCell(page, 1)
      await until(page, outputContains(1, 'origin:'), 'the attack cell output')
      const attack = (await page.evaluate<string[]>(OUTPUTS))[1]
      // Each engine refuses in its own way (an exception, a rejected promise, an error event,
      // an empty storage of the frame's own): the notebook awaits each, and any of them is a refusal.
      for (const name of ['indexedDB', 'caches', 'opfs', 'worker'])
        assert.match(attack, new RegExp(`^${name}: blocked, \\S`, 'm'), `${engine}: ${name}\n${attack}`)
      assert.match(attack, /^origin: null$/m)
      assert.doesNotMatch(attack, /REACHED/)
      console.log(`${engine}: the storage attack\n${attack}`)
      await runCell(page, 2)
      await until(page, outputContains(2, 'only this repository'), "the repository's own file")
    })

    test(`input() and interrupt ${SHARED_MEMORY[engine] ? 'in place' : 'by a restart (no shared memory)'}`, async () => {
      // The attack notebook is open from the test before; its cells 3-6 are the kernel's own uses.
      const isShared = SHARED_MEMORY[engine]
      await runCell(page, 3)
      await until(page, outputContains(3, 'isolated:'), 'the isolation cell output')
      // The page is isolated in both; whether the kernel's worker says so too is what differs.
      if (isShared) assert.match((await page.evaluate<string[]>(OUTPUTS))[3], /isolated: True/)
      await runCell(page, 4)
      if (isShared) {
        await until(page, `return !!document.querySelector('.jp-Stdin-input')`, 'the input() box')
        await page.click('.jp-Stdin-input')
        await page.type('Ada')
        await page.pressEnter()
        await until(page, outputContains(4, 'Hello, Ada!'), 'the answer to input()')
      } else {
        await until(page, outputContains(4, 'StdinNotImplementedError'), 'input() refused')
        assert.match((await page.evaluate<string[]>(OUTPUTS))[4], /Safari \(WebKit\)/)
      }
      await runCell(page, 5)
      await until(page, outputContains(5, 'spinning'), 'the endless cell running')
      await page.evaluate(`${INTERRUPT}.click()`)
      await until(page, outputContains(5, 'KeyboardInterrupt'), 'the interrupt')
      const stopped = (await page.evaluate<string[]>(OUTPUTS))[5]
      if (isShared) assert.doesNotMatch(stopped, /restarted/)
      else assert.match(stopped, /the kernel was restarted to stop this cell/)
      await runCell(page, 6)
      await until(page, outputContains(6, 'still here'), 'a cell after the interrupt')
    })
  })
}
