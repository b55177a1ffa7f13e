// urlpath values a browser tab cannot serve (RStudio, Shiny, proxied apps) become a hub verdict
// whose hub link carries the same urlpath; file-naming urlpaths keep working like labpath.
import { describe, expect, it } from 'vitest'
import { hubLaunchUrl, hubServerUrl } from '../hub'
import type { Verdict } from '../environment'
import { launchPath, parseLaunchUrl, serverAppVerdict } from '.'

const parse = (search: string) => parseLaunchUrl('/v2/gh/o/r/main', search)

describe('urlpath naming a server application', () => {
  it('reads rstudio, shiny/… and proxy/… with a reason that names them', () => {
    expect(parse('?urlpath=rstudio').serverApp).toEqual({
      urlpath: 'rstudio',
      reason: expect.stringMatching(/^RStudio needs a server/),
    })
    expect(parse('?urlpath=%2Frstudio%2F').serverApp?.urlpath).toBe('rstudio/')
    expect(parse('?urlpath=shiny/app/').serverApp?.reason).toMatch(/^A Shiny app needs a server/)
    expect(parse('?urlpath=proxy/8501/').serverApp?.reason).toMatch(/proxy\/8501\//)
    expect(parse('?urlpath=desktop').serverApp?.reason).toMatch(/"desktop".*a browser tab cannot run/)
    expect(parse('?urlpath=rstudio').labpath).toBeUndefined()
  })

  it('leaves Jupyter views and file-naming urlpaths to the notebook, as labpath', () => {
    for (const [q, file] of [
      ['?urlpath=lab/tree/x.ipynb', 'x.ipynb'],
      ['?urlpath=tree/x.ipynb', 'x.ipynb'],
      ['?urlpath=notebooks/x.ipynb', 'x.ipynb'],
      ['?urlpath=doc/tree/x.ipynb', 'x.ipynb'],
      ['?urlpath=lab', undefined],
      ['?urlpath=tree', undefined],
      ['?urlpath=%2Flab%2F', undefined],
    ] as const) {
      const s = parse(q)
      expect(s.serverApp, q).toBeUndefined()
      expect(s.labpath, q).toBe(file)
    }
  })

  it('lets labpath win over urlpath, as mybinder does', () => {
    const s = parse('?labpath=a.ipynb&urlpath=rstudio')
    expect(s.serverApp).toBeUndefined()
    expect(s.labpath).toBe('a.ipynb')
  })

  it('still refuses a urlpath that is a URL', () => {
    expect(() => parse('?urlpath=javascript:alert(1)')).toThrow(/not a path/)
  })

  it("keeps the urlpath in Quire's own link, the hub link and the hub server redirect", () => {
    const s = parse('?urlpath=rstudio')
    expect(launchPath(s)).toBe('/v2/gh/o/r/main?urlpath=rstudio')
    expect(parse('?urlpath=rstudio').serverApp).toEqual(
      parseLaunchUrl('/v2/gh/o/r/main', '?urlpath=%2Frstudio').serverApp,
    )
    expect(hubLaunchUrl('https://mybinder.org/', s)).toBe('https://mybinder.org/v2/gh/o/r/main?urlpath=rstudio')
    expect(hubLaunchUrl('https://mybinder.org/', parse('?urlpath=shiny/app/'))).toBe(
      'https://mybinder.org/v2/gh/o/r/main?urlpath=shiny%2Fapp%2F',
    )
    expect(hubServerUrl('https://hub/user/x/', 'tok', undefined, 'rstudio')).toBe(
      'https://hub/user/x/rstudio?token=tok',
    )
  })

  it("turns any verdict into a hub verdict with the application's reason first", () => {
    const app = parse('?urlpath=rstudio').serverApp
    const browser: Verdict = { kind: 'browser', reasons: [{ level: 'note', text: 'requirements.txt' }] }
    expect(serverAppVerdict(browser, app)).toEqual({
      kind: 'hub',
      reasons: [{ level: 'hub', text: app?.reason }, browser.reasons[0]],
    })
    expect(serverAppVerdict(browser, undefined)).toBe(browser)
  })
})
