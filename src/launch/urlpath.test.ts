import { describe, expect, it } from 'vitest'
import { launchPath, parseLaunchUrl } from './launchSpec'

const gh = '/v2/gh/binder-examples/voila/HEAD'
const q = (urlpath: string) => `?urlpath=${encodeURIComponent(urlpath)}`

// The urlpath forms of mybinder.org's and BinderHub's docs (and binder-examples' badges).
describe('urlpath forms', () => {
  it('voila/render/<notebook> opens that notebook as a Voilà app; the link round-trips', () => {
    const s = parseLaunchUrl(gh, q('voila/render/index.ipynb'))
    expect(s).toMatchObject({ labpath: 'index.ipynb', view: 'voila' })
    expect(s.serverApp).toBeUndefined()
    expect(launchPath(s)).toBe(`${gh}${q('voila/render/index.ipynb')}`)
    // A leading slash, as some badges write it.
    expect(parseLaunchUrl(gh, q('/voila/render/apps/a.ipynb'))).toMatchObject({
      labpath: 'apps/a.ipynb',
      view: 'voila',
    })
  })

  it('voila/tree[/<folder>] is a Voilà app chosen from the (folder’s) notebooks', () => {
    expect(parseLaunchUrl(gh, q('voila/tree'))).toMatchObject({ labpath: undefined, view: 'voila' })
    expect(parseLaunchUrl(gh, q('voila/tree/apps'))).toMatchObject({ labpath: 'apps', view: 'voila' })
    expect(parseLaunchUrl(gh, q('voila'))).toMatchObject({ view: 'voila' })
  })

  it('a labpath wins over a voila urlpath, as on mybinder', () => {
    const s = parseLaunchUrl(gh, `?labpath=a.ipynb&urlpath=${encodeURIComponent('voila/render/b.ipynb')}`)
    expect(s).toMatchObject({ labpath: 'a.ipynb' })
    expect(s.view).toBeUndefined()
  })

  it('lab, lab/tree/<f>, tree/<f>, notebooks/<f>, doc/tree/<f>, edit/<f> and lab workspaces name a file or folder', () => {
    expect(parseLaunchUrl(gh, q('lab'))).toMatchObject({ labpath: undefined })
    expect(parseLaunchUrl(gh, q('lab'))).not.toHaveProperty('serverApp')
    for (const form of ['lab/tree/', 'tree/', 'notebooks/', 'doc/tree/', 'edit/', 'lab/workspaces/auto-x/tree/'])
      expect(parseLaunchUrl(gh, q(`${form}sub/b.ipynb`)), form).toMatchObject({ labpath: 'sub/b.ipynb' })
    expect(parseLaunchUrl(gh, q('tree/sub')).labpath).toBe('sub')
    expect(parseLaunchUrl(gh, q('lab/tree/sub')).view).toBeUndefined()
  })

  it('rstudio, shiny and proxy urlpaths stay server applications', () => {
    for (const p of ['rstudio', 'shiny/app/', 'proxy/8050/'])
      expect(parseLaunchUrl(gh, q(p)).serverApp?.urlpath, p).toBe(p)
  })

  it('nbgitpuller: git-pull?repo&branch&urlpath pulls beside the launch and opens the nested path', () => {
    const inner = new URLSearchParams({
      repo: 'https://github.com/data-8/materials-fa17.git',
      branch: 'main',
      urlpath: 'tree/materials-fa17/lec/lec1.ipynb',
    })
    const s = parseLaunchUrl(gh, q(`git-pull?${inner}`))
    expect(s.gitPull).toEqual({
      repo: 'https://github.com/data-8/materials-fa17.git',
      branch: 'main',
      target: 'materials-fa17',
    })
    expect(s.labpath).toBe('materials-fa17/lec/lec1.ipynb')
    expect(s.serverApp).toBeUndefined()
    // Written back, it reads the same.
    expect(parseLaunchUrl(gh, launchPath(s).split('?')[1] ? `?${launchPath(s).split('?')[1]}` : '')).toMatchObject({
      gitPull: s.gitPull,
      labpath: s.labpath,
    })
    // targetpath names the folder; without a urlpath the folder opens; lab/tree works too.
    const t = parseLaunchUrl(gh, q(`git-pull?repo=${encodeURIComponent('https://x.test/a/b')}&targetpath=course`))
    expect(t).toMatchObject({ gitPull: { repo: 'https://x.test/a/b', target: 'course' }, labpath: 'course' })
    const l = parseLaunchUrl(
      gh,
      q(`git-pull?repo=https://x.test/b&urlpath=${encodeURIComponent('lab/tree/b/x.ipynb')}`),
    )
    expect(l.labpath).toBe('b/x.ipynb')
  })

  it('nbgitpuller links that cannot work in a browser are refused with a reason', () => {
    expect(() => parseLaunchUrl(gh, q('git-pull?branch=main'))).toThrow(/repo=/)
    expect(() => parseLaunchUrl(gh, q('git-pull?repo=git@github.com:a/b.git'))).toThrow(/not a URL|http/)
    expect(() =>
      parseLaunchUrl(gh, q(`git-pull?repo=https://x.test/b&targetpath=${encodeURIComponent('../up')}`)),
    ).toThrow(/leaves the repository/)
  })
})
