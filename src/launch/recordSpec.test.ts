import { describe, expect, it } from 'vitest'
import { hubLaunchUrl } from '../hub'
import { AppError } from '../shared/errors'
import { launchPath, parseLaunchUrl, permalinkPath } from './launchSpec'

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
  return 'no error'
}

// The placeholders of BinderHub's display_config (binderhub/repoproviders.py) for each provider.
describe("parseLaunchUrl: BinderHub's data-archive providers", () => {
  it('Zenodo: a Zenodo DOI runs in the browser; its permalink is the version DOI', () => {
    const s = parseLaunchUrl('/v2/zenodo/10.5281/zenodo.3242074', '?labpath=index.ipynb')
    expect(s).toMatchObject({ provider: 'zenodo', repo: '10.5281/zenodo.3242074', ref: 'HEAD', labpath: 'index.ipynb' })
    expect(s.handOff).toBeUndefined()
    expect(launchPath(s)).toBe('/v2/zenodo/10.5281/zenodo.3242074?labpath=index.ipynb')
    expect(permalinkPath(s, '3242075')).toBe('/v2/zenodo/10.5281/zenodo.3242075?labpath=index.ipynb')
    expect(hubLaunchUrl('https://mybinder.org', s)).toBe(
      'https://mybinder.org/v2/zenodo/10.5281/zenodo.3242074?labpath=index.ipynb',
    )
  })

  it('another DOI under zenodo/ (an Invenio site) is handed to a hub, with why', () => {
    const s = parseLaunchUrl('/v2/zenodo/10.22002/D1.1234')
    expect(s.handOff).toMatch(/not a Zenodo DOI/)
    expect(hubLaunchUrl('https://mybinder.org', s)).toBe('https://mybinder.org/v2/zenodo/10.22002/D1.1234')
  })

  it('Figshare, Dataverse, HydroShare and CKAN hand the same spec to the hub at once', () => {
    const cases = [
      [
        '/v2/figshare/10.6084/m9.figshare.9782777.v1',
        'figshare',
        'https://mybinder.org/v2/figshare/10.6084/m9.figshare.9782777.v1',
        /CORS/,
      ],
      [
        '/v2/dataverse/10.7910/DVN/TJCLKP',
        'dataverse',
        'https://mybinder.org/v2/dataverse/10.7910/DVN/TJCLKP',
        /Dataverse/,
      ],
      [
        '/v2/hydroshare/8f7c2f0341ef4180b0dbe97f59130756',
        'hydroshare',
        'https://mybinder.org/v2/hydroshare/8f7c2f0341ef4180b0dbe97f59130756',
        /HydroShare/,
      ],
      [
        `/v2/ckan/${encodeURIComponent('https://demo.ckan.org/dataset/my-sample-dataset-001')}`,
        'ckan',
        `https://mybinder.org/v2/ckan/${encodeURIComponent('https://demo.ckan.org/dataset/my-sample-dataset-001')}`,
        /CKAN/,
      ],
    ] as const
    for (const [path, provider, hub, why] of cases) {
      const s = parseLaunchUrl(path)
      expect(s.provider, path).toBe(provider)
      expect(s.handOff, path).toMatch(why)
      expect(hubLaunchUrl('https://mybinder.org', s), path).toBe(hub)
      // The link round-trips: what Quire writes, it reads back the same.
      expect(parseLaunchUrl(launchPath(s)).repo, path).toBe(s.repo)
    }
  })

  it('a HydroShare resource URL names its id, as BinderHub reads it', () => {
    const url = encodeURIComponent('https://www.hydroshare.org/resource/8f7c2f0341ef4180b0dbe97f59130756/')
    expect(parseLaunchUrl(`/v2/hydroshare/${url}`).repo).toBe('8f7c2f0341ef4180b0dbe97f59130756')
  })

  it('refuses what is not a DOI, a resource id or a dataset URL', () => {
    expect(codeOf(() => parseLaunchUrl('/v2/zenodo/zenodo.123'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/figshare/'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl('/v2/hydroshare/not-an-id'))).toBe('BAD_LAUNCH_URL')
    expect(codeOf(() => parseLaunchUrl(`/v2/ckan/${encodeURIComponent('javascript:alert(1)/dataset/x')}`))).toBe(
      'BAD_LAUNCH_URL',
    )
    expect(codeOf(() => parseLaunchUrl('/v2/ckan/https%3A%2F%2Fdemo.ckan.org%2Fgroup%2Fx'))).toBe('BAD_LAUNCH_URL')
    // A provider BinderHub does not have stays unsupported.
    expect(codeOf(() => parseLaunchUrl('/v2/svn/x/y'))).toBe('UNSUPPORTED_PROVIDER')
  })
})
