import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  backoffMs,
  describeRetry,
  networkVerdict,
  parseRetryAfter,
  stallTimer,
  StallError,
  statusVerdict,
  withRetry,
  type RetryEvent,
  type RetryOptions,
} from './retry'

/** A status error as the fetcher and the repository clients throw them. */
class StatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`)
  }
}

/** A fake clock: sleeping advances it at once, so no test waits for real. */
function fakeClock(random = () => 0) {
  const clock = { now: 0, waits: [] as number[], events: [] as RetryEvent[] }
  const opts: RetryOptions = {
    sleep: async (ms) => {
      clock.waits.push(ms)
      clock.now += ms
    },
    random,
    onRetry: (e) => void clock.events.push(e),
  }
  return { clock, opts }
}

/** Work that fails with each of `failures` in turn, then answers 'ok'. */
function flaky(...failures: unknown[]) {
  const tries: number[] = []
  const work = async (attempt: number) => {
    tries.push(attempt)
    if (failures.length > 0) throw failures.shift()
    return 'ok'
  }
  return { tries, work }
}

describe('withRetry', () => {
  it('answers at once when the first try succeeds', async () => {
    const { clock, opts } = fakeClock()
    const { tries, work } = flaky()
    expect(await withRetry(work, networkVerdict, opts)).toBe('ok')
    expect(tries).toEqual([1])
    expect(clock.events).toEqual([])
  })

  it('retries network errors, 5xx, 408, 429 and stalls, telling onRetry each time with exponential waits', async () => {
    const { clock, opts } = fakeClock()
    const failures = [
      new TypeError('Failed to fetch'),
      new StatusError(500),
      new StatusError(502),
      new StatusError(408),
      new StatusError(429),
      new StallError('https://x.test/a', 30_000),
    ]
    const { tries, work } = flaky(...failures)
    expect(await withRetry(work, networkVerdict, { ...opts, attempts: 7 })).toBe('ok')
    expect(tries).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(clock.waits).toEqual([500, 1000, 2000, 4000, 8000, 16_000])
    expect(clock.events.map((e) => [e.attempt, e.reason])).toEqual([
      [2, 'Failed to fetch'],
      [3, 'HTTP 500'],
      [4, 'HTTP 502'],
      [5, 'HTTP 408'],
      [6, 'HTTP 429'],
      [7, 'no data from x.test for 30 s'],
    ])
    expect(clock.events.map((e) => e.waitMs)).toEqual(clock.waits)
  })

  it('never retries another 4xx, nor an error it does not know', async () => {
    for (const status of [400, 401, 403, 404, 410, 422]) {
      const { clock, opts } = fakeClock()
      const err = new StatusError(status)
      const { tries, work } = flaky(err)
      await expect(withRetry(work, networkVerdict, opts)).rejects.toBe(err)
      expect(tries).toEqual([1])
      expect(clock.events).toEqual([])
    }
    const { tries, work } = flaky(new RangeError('a bug'))
    await expect(withRetry(work, networkVerdict, fakeClock().opts)).rejects.toBeInstanceOf(RangeError)
    expect(tries).toEqual([1])
  })

  it('gives up after the tries run out, with the last failure as it was', async () => {
    const { clock, opts } = fakeClock()
    const last = new StatusError(503)
    const { tries, work } = flaky(new StatusError(500), new StatusError(502), last, new StatusError(504))
    await expect(withRetry(work, networkVerdict, opts)).rejects.toBe(last)
    expect(tries).toEqual([1, 2, 3])
    expect(clock.waits).toEqual([500, 1000])
  })

  it('honours Retry-After on 429 and 503 instead of the backoff, but not on other statuses', async () => {
    const { clock, opts } = fakeClock()
    const { work } = flaky(new StatusError(429, 7000), new StatusError(503, 0), new StatusError(500, 9000))
    expect(await withRetry(work, networkVerdict, { ...opts, attempts: 4 })).toBe('ok')
    expect(clock.waits).toEqual([7000, 0, 2000])
  })

  it('reports a Retry-After longer than it will wait as the failure, rather than hanging the launch', async () => {
    const { clock, opts } = fakeClock()
    const err = new StatusError(429, 3600_000)
    const { tries, work } = flaky(err)
    await expect(withRetry(work, networkVerdict, { ...opts, maxWaitMs: 60_000 })).rejects.toBe(err)
    expect(tries).toEqual([1])
    expect(clock.waits).toEqual([])
  })

  it('never retries once the signal is aborted', async () => {
    const ctl = new AbortController()
    const { clock, opts } = fakeClock()
    const tries: number[] = []
    const work = async (attempt: number) => {
      tries.push(attempt)
      ctl.abort(new Error('cancelled'))
      throw new TypeError('Failed to fetch')
    }
    await expect(withRetry(work, networkVerdict, { ...opts, signal: ctl.signal })).rejects.toBeInstanceOf(TypeError)
    expect(tries).toEqual([1])
    expect(clock.events).toEqual([])
  })

  it('an abort during the wait ends it with the abort reason, and no further try is made (real sleep)', async () => {
    const ctl = new AbortController()
    const { tries, work } = flaky(new TypeError('Failed to fetch'))
    const run = withRetry(work, networkVerdict, {
      baseMs: 60_000,
      random: () => 0,
      signal: ctl.signal,
      onRetry: () => ctl.abort(new Error('cancelled')),
    })
    await expect(run).rejects.toThrow('cancelled')
    expect(tries).toEqual([1])
  })

  it('uses the classifier it is given (a caller may add its own transient failures)', async () => {
    const { clock, opts } = fakeClock()
    const { work } = flaky(new SyntaxError('Unexpected end of JSON input'))
    const verdict = (e: unknown) =>
      e instanceof SyntaxError ? { isRetryable: true as const, reason: 'cut short' } : networkVerdict(e)
    expect(await withRetry(work, verdict, opts)).toBe('ok')
    expect(clock.events).toEqual([{ attempt: 2, waitMs: 500, reason: 'cut short' }])
  })
})

describe('backoff', () => {
  it('doubles per retry and jitters down by at most half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, base, r) => {
          const full = base * 2 ** (n - 1)
          const w = backoffMs(n, base, () => r)
          return w <= Math.round(full) && w >= Math.floor(full / 2)
        },
      ),
    )
    expect([1, 2, 3].map((n) => backoffMs(n, 500, () => 0.5))).toEqual([375, 750, 1500])
  })
})

describe('statusVerdict and parseRetryAfter', () => {
  it('keeps Retry-After only for 429 and 503', () => {
    expect(statusVerdict(429, 1000)).toEqual({ isRetryable: true, reason: 'HTTP 429', afterMs: 1000 })
    expect(statusVerdict(503, 1000)).toEqual({ isRetryable: true, reason: 'HTTP 503', afterMs: 1000 })
    expect(statusVerdict(500, 1000)).toEqual({ isRetryable: true, reason: 'HTTP 500' })
    expect(statusVerdict(404)).toEqual({ isRetryable: false })
  })

  it('reads delay-seconds and HTTP-dates against the given clock', () => {
    const now = Date.parse('Sun, 22 Nov 2026 08:00:00 GMT')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 08:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 07:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})

describe('stallTimer', () => {
  afterEach(() => void vi.useRealTimers())

  it('fires once nothing touched it for the given time, and not while bytes keep coming', () => {
    vi.useFakeTimers()
    const stalls: StallError[] = []
    const timer = stallTimer('/pyodide/lock.json', 1000, (e) => void stalls.push(e))
    vi.advanceTimersByTime(900)
    timer.touch()
    vi.advanceTimersByTime(900)
    expect(stalls).toEqual([])
    vi.advanceTimersByTime(200)
    expect(stalls.map((e) => e.message)).toEqual(['no data from /pyodide/lock.json for 1 s'])
    timer.stop()
  })

  it('never fires after stop, nor for an infinite timeout', () => {
    vi.useFakeTimers()
    const stalls: StallError[] = []
    stallTimer('u', 1000, (e) => void stalls.push(e)).stop()
    stallTimer('u', Infinity, (e) => void stalls.push(e))
    vi.advanceTimersByTime(10_000)
    expect(stalls).toEqual([])
  })
})

it('describeRetry words a retry for the launch screen', () => {
  expect(describeRetry({ attempt: 2, waitMs: 1500, reason: 'HTTP 503' }, 'git.example.org')).toBe(
    'try 2 of 3 for git.example.org in 1.5 s, after: HTTP 503',
  )
})
