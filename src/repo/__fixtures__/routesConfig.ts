import { defaultConfig, type QuireConfig } from '../../config'

/**
 * Quire's configuration with no proxy and the GitHub routes pointed at the stand-ins a test started
 * (e2e/servers: GitHub's API and raw, jsDelivr's data API and CDN).
 */
export function routesConfig(
  gh: { apiUrl: string; rawUrl: string },
  jsd: { dataUrl: string; cdnUrl: string },
  over: Partial<QuireConfig> = {},
): QuireConfig {
  return {
    ...defaultConfig('http://app.test'),
    corsProxy: '',
    githubApiUrl: gh.apiUrl,
    githubRawUrl: gh.rawUrl,
    jsdelivrDataUrl: jsd.dataUrl,
    jsdelivrCdnUrl: jsd.cdnUrl,
    ...over,
  }
}
