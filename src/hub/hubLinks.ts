import type { LaunchSpec } from '../launch'

type HubSpec = Pick<LaunchSpec, 'provider' | 'repo' | 'ref' | 'labpath'> & Partial<Pick<LaunchSpec, 'serverApp'>>

/** BinderHub's `<provider>/<spec>` for a launch: the same repository and ref, in its own escaping. */
export function hubSpecPath(s: HubSpec): string | null {
  const ref = encodeURIComponent(s.ref)
  switch (s.provider) {
    case 'gh':
    case 'gist':
      return `${s.provider}/${s.repo}/${ref}`
    case 'gl':
    case 'git':
      return `${s.provider}/${encodeURIComponent(s.repo)}/${ref}`
    // BinderHub's display_config: the DOI providers take the DOI as it is (urlEncode false), the others escaped.
    case 'zenodo':
    case 'figshare':
    case 'dataverse':
      return `${s.provider}/${s.repo}`
    case 'hydroshare':
    case 'ckan':
      return `${s.provider}/${encodeURIComponent(s.repo)}`
    case 'demo':
      return null
  }
}

/** The hub's launch page for the same link (`/v2/...`), as mybinder.org badges use. */
export function hubLaunchUrl(hub: string, s: HubSpec): string | null {
  const spec = hubSpecPath(s)
  if (!spec) return null
  // A server application (urlpath=rstudio, …) travels on as the same urlpath.
  const query = s.labpath
    ? `?labpath=${encodeURIComponent(s.labpath)}`
    : s.serverApp
      ? `?urlpath=${encodeURIComponent(s.serverApp.urlpath)}`
      : ''
  return `${hub.replace(/\/+$/, '')}/v2/${spec}${query}`
}

/** BinderHub's build API: an event stream of the build, ending in the server's URL and token. */
export function hubBuildUrl(hub: string, s: HubSpec): string | null {
  const spec = hubSpecPath(s)
  return spec && `${hub.replace(/\/+$/, '')}/build/${spec}`
}

/** Where to send the user once the hub's server is ready: the notebook, with the server's token. */
export function hubServerUrl(serverUrl: string, token: string | undefined, labpath?: string, urlpath?: string): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`
  const path = labpath ? `lab/tree/${labpath.split('/').map(encodeURIComponent).join('/')}` : (urlpath ?? 'lab')
  return `${base}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`
}
