import { describe, expect, it } from 'vitest'
import { HttpError } from './errors'
import { createHttpFetcher, StalledError } from './fetcher'

const fakeFetch = (status: number, body: BodyInit, headers: Record<string, string> = {}): typeof fetch =>
  async () => new Response(body, { status, headers })

describe('createHttpFetcher', () => {
  it('parses JSON and turns a non-2xx answer into HttpError with its status', async () => {
    expect(await createHttpFetcher(fakeFetch(200, '{"a":1}')).json('https://x.test/a')).toEqual({ a: 1 })
    const err = await createHttpFetcher(fakeFetch(404, 'nope')).json('https://x.test/b').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpError)
    expect(err).toMatchObject({ status: 404, url: 'https://x.test/b' })
  })

  it('streams bytes with progress', async () => {
    const body = new Uint8Array(3000).fill(7)
    const seen: Array<[number, number | undefined]> = []
    const got = await createHttpFetcher(fakeFetch(200, body, { 'content-length': '3000' }))
      .fetchBytes('https://x.test/w.whl', (loaded, total) => seen.push([loaded, total]))
    expect(got).toEqual(body)
    expect(seen.at(-1)).toEqual([3000, 3000])
  })

  it('gives up on a server that sends nothing, also for a relative URL (the stall error is made in a timer)', async () => {
    // Answers only by failing when aborted, as fetch does.
    const silent: typeof fetch = (_url, init) => new Promise((_, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal?.reason)))
    const err = await createHttpFetcher(silent, { retries: 0, idleTimeoutMs: 20 }).fetchBytes('/pyodide/pyodide-lock.json').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StalledError)
    expect(err).toMatchObject({ url: '/pyodide/pyodide-lock.json' })
  })
})
