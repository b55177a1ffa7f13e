import { describe, expect, it } from 'vitest'
import { describeUpstreamCheck, diffFiles, upstreamCopies, upstreamName } from './upstream'

const f = (path: string, text: string) => ({ path, data: new TextEncoder().encode(text) })
const text = (d?: Uint8Array) => (d ? new TextDecoder().decode(d) : undefined)

describe('diffFiles', () => {
  it('lists added, modified and removed files, not unchanged ones', () => {
    const d = diffFiles(
      [f('a.ipynb', '1'), f('b.py', 'same'), f('gone.txt', 'x')],
      [f('a.ipynb', '2'), f('b.py', 'same'), f('new.md', 'n')],
    )
    expect(d.map((c) => [c.path, text(c.data)])).toEqual([
      ['a.ipynb', '2'],
      ['gone.txt', undefined],
      ['new.md', 'n'],
    ])
  })
})

describe('upstreamName', () => {
  it('puts .upstream before the extension and avoids taken names', () => {
    expect(upstreamName('sub/name.ipynb')).toBe('sub/name.upstream.ipynb')
    expect(upstreamName('Makefile')).toBe('Makefile.upstream')
    expect(upstreamName('a.b/README')).toBe('a.b/README.upstream')
    expect(upstreamName('x.py', (p) => p === 'x.upstream.py')).toBe('x.upstream2.py')
  })
})

describe('upstreamCopies', () => {
  const change = {
    sha: 's',
    dir: '/d',
    fetchedAt: 1,
    changed: [
      { path: 'a.ipynb', data: new TextEncoder().encode('new a') },
      { path: 'b.ipynb', data: new TextEncoder().encode('new b') },
      { path: 'gone.py' },
    ],
  }
  it('copies the new version of each edited file upstream changed; unedited and removed files need none', () => {
    const copies = upstreamCopies(['a.ipynb', 'gone.py', 'untouched.py'], change, () => false)
    expect(copies.map((c) => [c.path, text(c.data)])).toEqual([['a.upstream.ipynb', 'new a']])
  })
  it('never overwrites a file the user or the commit has', () => {
    expect(upstreamCopies(['a.ipynb'], change, (p) => p === 'a.upstream.ipynb').map((c) => c.path)).toEqual([
      'a.upstream2.ipynb',
    ])
  })
})

describe('describeUpstreamCheck', () => {
  it('gives the launch log one line per outcome', () => {
    const sha = 'b'.repeat(40)
    expect(describeUpstreamCheck('main', { kind: 'current' })).toBe('main still points to the open commit')
    expect(describeUpstreamCheck('main', { kind: 'kept', sha })).toBe(
      'main points to bbbbbbb, which you chose not to update to',
    )
    expect(
      describeUpstreamCheck('main', {
        kind: 'moved',
        change: { sha, dir: '/d', fetchedAt: 1, changed: [{ path: 'a' }, { path: 'b' }] },
      }),
    ).toBe('main moved to bbbbbbb: 2 files changed')
    expect(
      describeUpstreamCheck('v1', {
        kind: 'unknown',
        error: { code: 'REPO_UNREACHABLE', message: 'offline', data: {} },
      }),
    ).toBe('could not check where v1 points now (REPO_UNREACHABLE: offline)')
  })
})
