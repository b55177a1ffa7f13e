import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { cloneUrlFor } from './cloneUrl'
import { isFullSha, mayBeSha } from './launchQuery'
import { launchPath, parseLaunchUrl, permalinkPath } from './launchSpec'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
  return 'no error'
}

const hosts = { githubUrl: 'https://github.com', gitlabUrl: 'https://gitlab.com', gistUrl: 'https://gist.github.com' }
const sha = '0123456789abcdef0123456789abcdef01234567'

describe('parseLaunchUrl: the forms in BinderHub’s documentation', () => {
  it('GitHub: /v2/gh/<user>/<repo>/<ref> with a branch, a tag, a SHA or HEAD', () => {
    for (const ref of ['main', 'v1.0', sha, 'HEAD', 'abc1234'])
      expect(parseLaunchUrl(`/v2/gh/binder-examples/requirements/${ref}`)).toMatchObject({
        provider: 'gh',
        repo: 'binder-examples/requirements',
        ref,
        repoUrl: 'https://github.com/binder-examples/requirements.git',
      })
    // Badges often carry `.git` on the repository name; it names the same repository.
    expect(parseLaunchUrl('/v2/gh/op07n/binder-git-test1.git/master')).toMatchObject({
      repo: 'op07n/binder-git-test1',
      ref: 'master',
      key: 'gh:op07n/binder-git-test1@master',
    })
  })

  it('GitLab: /v2/gl/<url-escaped namespace/project>/<ref>, subgroups too', () => {
    expect(parseLaunchUrl('/v2/gl/gitlab-org%2Fgitlab-foss/master')).toMatchObject({
      provider: 'gl',
      repo: 'gitlab-org/gitlab-foss',
      ref: 'master',
      name: 'gitlab-foss',
    })
    const s = parseLaunchUrl('/v2/gl/group%2Fsub%2Fproject/HEAD')
    expect(cloneUrlFor(s, hosts)).toBe('https://gitlab.com/group/sub/project.git')
    expect(parseLaunchUrl('/v2/gl/group%2fproject/main').repo).toBe('group/project')
  })

  it('Gist: /master and /main name the default branch, as in BinderHub', () => {
    for (const ref of ['master', 'main', 'HEAD'])
      expect(parseLaunchUrl(`/v2/gist/u/abc123/${ref}`)).toMatchObject({ ref: 'HEAD', key: 'gist:u/abc123@HEAD' })
    expect(parseLaunchUrl('/v2/gist/u/abc123/feature')).toMatchObject({ ref: 'feature' })
  })

  it('Gist: /v2/gist/<user>/<gist-id>[/<ref>]', () => {
    expect(parseLaunchUrl('/v2/gist/jakevdp/6e2d2c7c19e7e3de5ecd0f2ad6a5a5c1')).toMatchObject({
      provider: 'gist',
      ref: 'HEAD',
      repo: 'jakevdp/6e2d2c7c19e7e3de5ecd0f2ad6a5a5c1',
    })
    const s = parseLaunchUrl(`/v2/gist/jakevdp/6e2d2c7c/${sha}`)
    expect(s.ref).toBe(sha)
    expect(cloneUrlFor(s, { ...hosts, gistUrl: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9/6e2d2c7c.git')
  })

  it('Git: /v2/git/<url-escaped url>/<ref>', () => {
    const url = 'https://example.org/you/project.git'
    expect(parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/${sha}`)).toMatchObject({
      provider: 'git',
      repo: url,
      repoUrl: url,
      ref: sha,
      name: 'project',
    })
    // Only the scheme's colon and slashes escaped, as some generators do.
    expect(parseLaunchUrl('/v2/git/https%3A%2F%2Fexample.org%2Fa%2Fb/main').repoUrl).toBe('https://example.org/a/b')
    expect(parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}`).ref).toBe('HEAD')
  })

  it('refs with slashes, escaped or not', () => {
    expect(parseLaunchUrl('/v2/gh/o/r/feature%2Fx').ref).toBe('feature/x')
    expect(parseLaunchUrl('/v2/gh/o/r/feature/x').ref).toBe('feature/x')
    expect(parseLaunchUrl('/v2/gl/g%2Fp/release%2F2.0').ref).toBe('release/2.0')
  })

  it('reads labpath, legacy filepath and every file-naming urlpath form', () => {
    const base = '/v2/gh/o/r/main'
    const file = (q: string) => parseLaunchUrl(base, q).labpath
    expect(file('?labpath=index.ipynb')).toBe('index.ipynb')
    expect(file('?labpath=./x/./y.ipynb')).toBe('x/y.ipynb')
    expect(file('?filepath=docs/a.ipynb')).toBe('docs/a.ipynb')
    expect(file('?urlpath=lab/tree/sub/b.ipynb')).toBe('sub/b.ipynb')
    expect(file('?urlpath=lab%2Ftree%2Fsub%2Fb.ipynb')).toBe('sub/b.ipynb')
    expect(file('?urlpath=%2Flab%2Ftree%2Fa%2520b.ipynb')).toBe('a b.ipynb')
    expect(file('?urlpath=tree/a.ipynb')).toBe('a.ipynb')
    expect(file('?urlpath=notebooks/a.ipynb')).toBe('a.ipynb')
    expect(file('?urlpath=doc/tree/a.ipynb')).toBe('a.ipynb')
    expect(file('?urlpath=voila/render/a.ipynb')).toBe('a.ipynb')
    // Forms that name no file (another UI, a proxy) open the file list instead.
    expect(file('?urlpath=rstudio')).toBeUndefined()
    expect(file('?urlpath=proxy/8501/')).toBeUndefined()
    expect(file('?urlpath=lab')).toBeUndefined()
  })
})

describe('launchPath and permalinkPath', () => {
  it('round-trip every provider', () => {
    const links = [
      [`/v2/git/${encodeURIComponent('http://127.0.0.1:4000/csv-repo.git')}/main`, '?labpath=a%20b.ipynb'],
      ['/v2/gh/o/r/feature/x', ''],
      ['/v2/gl/group%2Fsub%2Fproject/main', '?labpath=n.ipynb'],
      ['/v2/gist/u/abc123/HEAD', ''],
      ['/v2/demo/quire-demo', ''],
    ]
    for (const [path, q] of links) {
      const s = parseLaunchUrl(path, q)
      const p = new URL(launchPath(s), 'http://x')
      expect(parseLaunchUrl(p.pathname, p.search)).toEqual(s)
    }
  })

  it('pins a link to its commit, keeping the file', () => {
    const s = parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=lab/tree/a.ipynb')
    expect(permalinkPath(s, sha)).toBe(`/v2/gh/o/r/${sha}?labpath=a.ipynb`)
  })

  it('tells full SHAs from refs that may be abbreviated ones', () => {
    expect(isFullSha(sha)).toBe(true)
    expect(isFullSha('abc1234')).toBe(false)
    expect(mayBeSha('abc1234')).toBe(true)
    expect(mayBeSha('main')).toBe(false)
  })
})

describe('malformed links have stable codes', () => {
  const url = 'http://127.0.0.1:4000/csv-repo.git'
  it.each([
    ['/v3/git/x/main', 'BAD_LAUNCH_URL'],
    ['/v2/git/', 'BAD_LAUNCH_URL'],
    ['/v2/git/not%20a%20url/main', 'BAD_LAUNCH_URL'],
    [`/v2/git/${encodeURIComponent('file:///etc')}/main`, 'BAD_LAUNCH_URL'],
    ['/v2/git/%E0%A4%A/main', 'BAD_LAUNCH_URL'],
    ['/v2/gh/only-owner', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o%2Fx/r/main', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o/r/a..b', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o/r/bad%20ref', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o/r/-upload-pack', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o/r/x.lock', 'BAD_LAUNCH_URL'],
    ['/v2/gh/o/r/HEAD@%7B1%7D', 'BAD_LAUNCH_URL'],
    // Unescaped namespace/project: BinderHub requires the one escaped segment.
    ['/v2/gl/group/project/main', 'BAD_LAUNCH_URL'],
    ['/v2/gl/', 'BAD_LAUNCH_URL'],
    ['/v2/gist/user', 'BAD_LAUNCH_URL'],
    ['/v2/gist/user/not-hex/main', 'BAD_LAUNCH_URL'],
    // Data archives (zenodo, figshare, …) are parsed: src/launch/recordSpec.test.ts. swh is no BinderHub provider.
    ['/v2/swh/swh:1:dir:1', 'UNSUPPORTED_PROVIDER'],
    ['/v2/git/' + 'a'.repeat(5000), 'BAD_LAUNCH_URL'],
  ])('%s → %s', (path, code) => expect(codeOf(() => parseLaunchUrl(path))).toBe(code))

  it('rejects a file path that leaves the repository', () => {
    expect(codeOf(() => parseLaunchUrl(`/v2/git/${encodeURIComponent(url)}/main`, '?labpath=../../etc/passwd'))).toBe(
      'BAD_LAUNCH_URL',
    )
    expect(codeOf(() => parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=lab/tree/../x'))).toBe('BAD_LAUNCH_URL')
  })
})
