import { describe, expect, it } from 'vitest'
import { fileLine, phaseHosts, waitingFor } from './waitingFor'

describe('slow launch words', () => {
  const base = { phase: 'fetching' as const, host: 'github.com', startedAt: 0 }
  it('says nothing while bytes move, then names the host and the wait', () => {
    expect(waitingFor({ ...base, last: { phase: 'fetching' }, movedAt: 0, now: 3000 })).toBeUndefined()
    expect(waitingFor({ ...base, last: { phase: 'fetching' }, movedAt: 0, now: 12_400 })).toBe(
      'waiting for github.com: 12 s, no bytes yet',
    )
    expect(waitingFor({ ...base, last: { phase: 'fetching', bytes: 5000 }, movedAt: 10_000, now: 16_000 })).toBe(
      'waiting for github.com: 6 s since the last bytes',
    )
    expect(
      waitingFor({ ...base, phase: 'reading-config', last: { phase: 'reading-config' }, movedAt: 0, now: 60_000 }),
    ).toBeUndefined()
  })

  it('shows a download by name and size', () => {
    expect(fileLine({ name: 'numpy', loaded: 3.2 * (1 << 20), total: 8.1 * (1 << 20) })).toBe(
      'downloading numpy (3.2 of 8.1 MB)',
    )
    expect(fileLine({ name: 'numpy', loaded: 400 * 1024, total: 8.1 * (1 << 20) })).toBe(
      'downloading numpy (0.4 of 8.1 MB)',
    )
    expect(fileLine({ name: 'tiny', loaded: 2048, total: 10_240 })).toBe('downloading tiny (2 of 10 kB)')
    expect(fileLine({ name: 'tiny', loaded: 2048 })).toBe('downloading tiny (2.0 kB)')
  })

  it('knows which host a phase waits on', () => {
    expect(phaseHosts('https://github.com/o/r.git', 'https://pypi.org')).toEqual({
      fetching: 'github.com',
      resolving: 'pypi.org',
      downloading: 'pypi.org',
    })
    expect(phaseHosts('quire-demo', 'x').fetching).toBeUndefined()
  })
})
