import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'
import { defaultConfig } from '../config'
import { AppError } from '../shared/errors'
import type { WheelRecord } from '../store'
import { createInstaller } from './installer'

const pkgDir = (n: string) => fileURLToPath(new URL(`../../e2e/fixtures/packages/${n}`, import.meta.url))
const lockUrl = new URL('../../node_modules/pyodide/', import.meta.url).href

let pypi: PypiServer
beforeAll(async () => {
  pypi = await startPypiServer()
  for (const p of ['tinytable', 'tinytable-old', 'greetings']) await pypi.addFromDir(pkgDir(p))
})
afterAll(() => pypi.stop())

// The lock is read from node_modules through a file: URL; Node's fetch cannot, so route it.
const fetchWithFiles: typeof fetch = async (input, init) => {
  const url = String(input)
  if (url.startsWith('file:')) return new Response((await import('node:fs')).readFileSync(fileURLToPath(url)))
  return fetch(input, init)
}

function setup() {
  const stored = new Map<string, WheelRecord>()
  const config = { ...defaultConfig('http://app.test'), pypiUrl: pypi.url, pyodideIndexUrl: lockUrl }
  const install = createInstaller(config, {
    fetch: fetchWithFiles,
    wheels: { get: async (k) => stored.get(k), put: async (r) => void stored.set(r.sha256, r) },
  })
  return { install, stored }
}

describe('the %pip installer', () => {
  it('resolves with dependencies from the index, verifies and caches the wheels', async () => {
    const { install, stored } = setup()
    const wheels = await install(['greetings'])
    expect(wheels.map((w) => w.filename).sort()).toEqual([
      'greetings-0.3.0-py3-none-any.whl',
      'tinytable-1.2.0-py3-none-any.whl',
    ])
    expect(stored.size).toBe(2)
    // Second time from the cache: the index is not needed for the bytes.
    pypi.corrupt('tinytable-1.2.0-py3-none-any.whl')
    expect((await install(['tinytable==1.2.0'])).map((w) => w.filename)).toEqual(['tinytable-1.2.0-py3-none-any.whl'])
  })

  it('honours version pins and reports unknown packages with a code', async () => {
    const { install } = setup()
    expect((await install(['tinytable<1.1'])).map((w) => w.filename)).toEqual(['tinytable-1.0.0-py3-none-any.whl'])
    await expect(install(['no-such-package'])).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'PACKAGE_NOT_FOUND',
    )
  })

  it('hands a Pyodide shared library to the kernel by name, without downloading its archive', async () => {
    const asked: string[] = []
    const config = {
      ...defaultConfig('http://app.test'),
      pypiUrl: pypi.url,
      pyodideIndexUrl: lockUrl,
      pyodidePackageBaseUrl: 'http://cdn.invalid/',
    }
    const install = createInstaller(config, {
      fetch: async (input, init) => (asked.push(String(input)), fetchWithFiles(input, init)),
      wheels: { get: async () => undefined, put: async () => undefined },
    })
    const wheels = await install(['libgeos'])
    expect(wheels.map((w) => [w.filename, w.data.length])).toEqual([['libgeos-3.12.1.zip', 0]])
    expect(asked.filter((u) => u.includes('cdn.invalid'))).toEqual([])
  })

  it("also asks the site's extra indexes (config extraIndexUrls), as pip.conf's would be", async () => {
    const extra = await startPypiServer()
    try {
      extra.addWheel(buildWheel({ name: 'onlyextra', version: '1.0', files: { 'onlyextra/__init__.py': 'X = 1\n' } }))
      const base = { ...defaultConfig('http://app.test'), pypiUrl: pypi.url, pyodideIndexUrl: lockUrl }
      const io = { fetch: fetchWithFiles, wheels: { get: async () => undefined, put: async () => undefined } }
      await expect(createInstaller(base, io)(['onlyextra'])).rejects.toMatchObject({ code: 'PACKAGE_NOT_FOUND' })
      const wheels = await createInstaller(
        { ...base, extraIndexUrls: [`${extra.url}/simple`] },
        io,
      )(['onlyextra', 'tinytable<1.1'])
      expect(wheels.map((w) => w.filename).sort()).toEqual([
        'onlyextra-1.0-py3-none-any.whl',
        'tinytable-1.0.0-py3-none-any.whl',
      ])
    } finally {
      await extra.stop()
    }
  })
})
