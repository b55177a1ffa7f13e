// Zip-slip at the last step (issue 10): whatever path a wheel took to the kernel (a launch, `%pip`,
// a cache written before checks existed), one with `../` or an absolute entry is refused before
// Pyodide unpacks it, and nothing of it lands outside site-packages, nor inside.
import { strToU8, unzipSync, zipSync } from 'fflate'
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { createKernelHost } from './kernel-host'
import { pySources } from './sources'
import { initPayload, loadTestPyodide } from './testing'

let pyodide: PyodideAPI
beforeAll(async () => {
  pyodide = await loadTestPyodide()
})

function craft(name: string, entry: string): { filename: string; data: Uint8Array } {
  const wheel = buildWheel({ name, version: '1.0', files: { [`${name}/__init__.py`]: 'X = 1\n' } })
  const entries = unzipSync(wheel.bytes)
  entries[entry] = strToU8('ESCAPED = True\n')
  return { filename: wheel.filename, data: zipSync(entries) }
}

describe('kernel host: wheels are checked before they are unpacked', () => {
  it('refuses a wheel with a ../ entry at start, naming it, and writes none of its files', async () => {
    const host = createKernelHost(pyodide, () => {}, pySources)
    const evil = craft('slipa', '../../../../tmp/escaped_a.py')
    await expect(host.init(initPayload({ wheels: [evil] }))).rejects.toMatchObject({
      message: expect.stringContaining('climbs out of its folder'),
    })
    expect(pyodide.FS.analyzePath('/tmp/escaped_a.py').exists).toBe(false)
    expect(pyodide.runPython('import importlib.util; importlib.util.find_spec("slipa") is None')).toBe(true)
  })

  it('refuses an absolute entry arriving through %pip, saying so on stderr', async () => {
    const evil = craft('slipb', '/tmp/escaped_b.py')
    const posted: unknown[] = []
    const host = createKernelHost(pyodide, (m) => posted.push(m), pySources, { requestInstall: async () => [evil] })
    await host.init(initPayload({ hasInstaller: true }))
    const result = await host.execute(1, { code: '%pip install slipb', executionCount: 1 })
    // %pip reports on stderr and the cell goes on, as pip's own failures do.
    expect(result.status).toBe('ok')
    expect(JSON.stringify(posted)).toContain(
      'pip install failed: slipb-1.0-py3-none-any.whl: entry \\"/tmp/escaped_b.py\\" is an absolute path; the wheel was not installed',
    )
    expect(pyodide.FS.analyzePath('/tmp/escaped_b.py').exists).toBe(false)
  })
})
