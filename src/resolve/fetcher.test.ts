import { describe, expect, it } from 'vitest'
import { HttpError } from './errors'
import { StallError } from '../shared/retry'
import { createHttpFetcher } from './fetcher'

const fakeFetch =
  (status: number, body: BodyInit, headers: Record<string, string> = {}): typeof fetch =>
  async () =>
    new Response(body, { status, headers })

describe('createHttpFetcher', () => {
  it('parses JSON and turns a non-2xx answer into HttpError with its status', async () => {
    expect(await createHttpFetcher(fakeFetch(200, '{"a":1}')).json('https://x.test/a')).toEqual({ a: 1 })
    const err = await createHttpFetcher(fakeFetch(404, 'nope'))
      .json('https://x.test/b')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpError)
    expect(err).toMatchObject({ status: 404, url: 'https://x.test/b' })
  })

  it('streams bytes with progress', async () => {
    const body = new Uint8Array(3000).fill(7)
    const seen: Array<[number, number | undefined]> = []
    const got = await createHttpFetcher(fakeFetch(200, body, { 'content-length': '3000' })).fetchBytes(
      'https://x.test/w.whl',
      (loaded, total) => seen.push([loaded, total]),
    )
    expect(got).toEqual(body)
    expect(seen.at(-1)).toEqual([3000, 3000])
  })

  it('gives up on a server that sends nothing, also for a relative URL (the stall error is made in a timer)', async () => {
    // Answers only by failing when aborted, as fetch does.
    const silent: typeof fetch = (_url, init) =>
      new Promise((_, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal?.reason)))
    const err = await createHttpFetcher(silent, { retries: 0, idleTimeoutMs: 20 })
      .fetchBytes('/pyodide/pyodide-lock.json')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StallError)
    expect(err).toMatchObject({ url: '/pyodide/pyodide-lock.json' })
  })

  it("retries a 429 after the server's Retry-After and a 408 after the backoff; never another 4xx", async () => {
    const answers = [
      new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('timeout', { status: 408 }),
      new Response('{"ok":true}'),
    ]
    const waits: number[] = []
    const seen: string[] = []
    const fetcher = createHttpFetcher(async () => answers.shift() ?? new Response('gone', { status: 500 }), {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
      onRetry: (e) => void seen.push(`${e.attempt} ${e.url} ${e.reason}`),
    })
    expect(await fetcher.json('https://x.test/j')).toEqual({ ok: true })
    expect(waits).toEqual([2000, 1000])
    expect(seen).toEqual(['2 https://x.test/j HTTP 429', '3 https://x.test/j HTTP 408'])
    let calls = 0
    const forbidden = createHttpFetcher(async () => (calls++, new Response('no', { status: 403 })), {
      sleep: async () => undefined,
    })
    await expect(forbidden.json('https://x.test/f')).rejects.toMatchObject({ status: 403 })
    expect(calls).toBe(1)
  })

  it('does not retry a request whose caller aborted it', async () => {
    const ctl = new AbortController()
    let calls = 0
    const fetcher = createHttpFetcher(
      async () => {
        calls++
        ctl.abort()
        throw new TypeError('Failed to fetch')
      },
      { sleep: async () => undefined },
    )
    await expect(fetcher.json('https://x.test/a', ctl.signal)).rejects.toBeInstanceOf(TypeError)
    expect(calls).toBe(1)
  })
})
