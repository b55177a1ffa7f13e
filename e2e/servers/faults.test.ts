// The fault switch against the real PyPI test server, and Quire's HTTP fetcher meeting each fault:
// transient ones are retried with backoff and recover; lasting ones end in the fetcher's error.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHttpFetcher, HttpError } from '../../src/resolve'
import { startPypiServer, type PypiServer } from './pypi-server'

const packages = fileURLToPath(new URL('../fixtures/packages/', import.meta.url))

describe('fault injection meets the fetcher', () => {
  let pypi: PypiServer
  let wheel: { filename: string; sha256: string }
  const waits: number[] = []
  const retried: string[] = []
  // No jitter (random 0), so the waits are the plain doubling.
  const fetcher = (o = {}) =>
    createHttpFetcher(fetch, {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
      onRetry: (r) => void retried.push(`${r.attempt}: ${r.reason}`),
      ...o,
    })
  beforeAll(async () => {
    pypi = await startPypiServer()
    wheel = await pypi.addFromDir(`${packages}tinytable`)
  })
  afterAll(() => pypi.stop())
  beforeEach(() => {
    pypi.faults.clear()
    waits.length = 0
    retried.length = 0
  })

  it('a 500 twice, then the answer: retried with doubling waits', async () => {
    pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'status-500', times: 2 })
    const json = await fetcher().json(`${pypi.url}/pypi/tinytable/json`)
    expect(json).toMatchObject({ info: { name: 'tinytable' } })
    expect(waits).toEqual([500, 1000])
    expect(pypi.faults.hits).toHaveLength(2)
  })

  it('a connection cut mid-body and a body cut short are both retried', async () => {
    pypi.faults.set({ match: wheel.filename, mode: 'close-mid', times: 1 })
    pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'truncate', times: 1 })
    const bytes = await fetcher().fetchBytes(`${pypi.url}/files/${wheel.filename}`)
    expect(bytes.byteLength).toBeGreaterThan(200)
    expect(await fetcher().json(`${pypi.url}/pypi/tinytable/json`)).toMatchObject({ info: { name: 'tinytable' } })
    expect(retried).toHaveLength(2)
  })

  it('a lasting fault gives up after the retries with its cause', async () => {
    pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'status-500' })
    await expect(fetcher().json(`${pypi.url}/pypi/tinytable/json`)).rejects.toBeInstanceOf(HttpError)
    expect(pypi.faults.hits).toHaveLength(3)
    pypi.faults.clear()
    pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'wrong-type' })
    await expect(fetcher().json(`${pypi.url}/pypi/tinytable/json`)).rejects.toBeInstanceOf(SyntaxError)
    // 404 is an answer, not a fault: no retry.
    await expect(fetcher().json(`${pypi.url}/pypi/nothing-here/json`)).rejects.toMatchObject({ status: 404 })
    expect(waits).toEqual([500, 1000, 500, 1000])
  })

  it('a server that does not answer is timed out and retried', async () => {
    pypi.faults.set({ match: '/pypi/tinytable/json', mode: 'slow', delayMs: 1500, times: 1 })
    // The retry's reason proves the idle timer fired (the slow answer came 1.5 s later): no clock needed.
    expect(await fetcher({ idleTimeoutMs: 300 }).json(`${pypi.url}/pypi/tinytable/json`)).toMatchObject({
      info: { name: 'tinytable' },
    })
    expect(retried).toEqual([expect.stringMatching(/^2: no data from 127\.0\.0\.1:\d+ for 0 s$/)])
  })
})
