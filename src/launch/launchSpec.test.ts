import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { launchPath, parseLaunchUrl } from './launchSpec'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
  return 'no error'
}

describe('parseLaunchUrl', () => {
  const url = 'http://127.0.0.1:4000/csv-repo.git'

  it('reads /v2/git/<escaped url>/<ref> with labpath', () => {
    const s = parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/main`, '?labpath=analysis.ipynb')
    expect(s).toMatchObject({ provider: 'git', repoUrl: url, ref: 'main', labpath: 'analysis.ipynb', name: 'csv-repo' })
  })

  it('defaults the ref to HEAD and keeps slashes in branch names', () => {
    expect(parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}`).ref).toBe('HEAD')
    expect(parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/feature/x`).ref).toBe('feature/x')
  })

  it('understands urlpath and filepath forms', () => {
    const base = `/v2/git/${encodeURIComponent(url)}/main`
    expect(parseLaunchUrl(base, '?urlpath=lab/tree/sub/b.ipynb').labpath).toBe('sub/b.ipynb')
    expect(parseLaunchUrl(base, '?urlpath=tree%2Fa.ipynb').labpath).toBe('a.ipynb')
    expect(parseLaunchUrl(base, '?filepath=a.ipynb').labpath).toBe('a.ipynb')
    expect(parseLaunchUrl(base, '?labpath=./x/./y.ipynb').labpath).toBe('x/y.ipynb')
  })

  it('reads /v2/gh and the demo', () => {
    expect(parseLaunchUrl('/v2/gh/norvig/pytudes/main')).toMatchObject({ repoUrl: 'https://github.com/norvig/pytudes.git', ref: 'main' })
    expect(parseLaunchUrl('/v2/demo/quire-demo')).toMatchObject({ provider: 'demo', key: 'demo:quire-demo' })
  })

  it('round-trips through launchPath', () => {
    const s = parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/main`, '?labpath=a%20b.ipynb')
    const p = new URL(launchPath(s), 'http://x')
    expect(parseLaunchUrl(p.pathname, p.search)).toEqual(s)
  })

  it('rejects malformed links with stable codes', () => {
    expect(codeOf(() => parseLaunchUrl('/v3/git/x/main'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/git/'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/git/not%20a%20url/main'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl(`/v2/git/${encodeURIComponent('file:///etc')}/main`))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/git/%E0%A4%A/main'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/main`, '?labpath=../../etc/passwd'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/gh/only-owner'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/zenodo/10.5281/zenodo.1'))).toBe('UNSUPPORTED_PROVIDER')
    expect(codeOf(() => parseLaunchUrl('/v2/git/' + 'a'.repeat(5000)))).toBe('BAD_LAUNCH_URL')
  })
})
