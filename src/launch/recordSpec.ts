// BinderHub's data-archive providers (binderhub/repoproviders.py): a record named by a DOI, a
// resource id or a dataset URL rather than a git repository. Which of them a browser tab can read
// is decided here, once, from what is known of each service's CORS headers:
//
// - zenodo: KNOWN to work. Zenodo's REST API (`/api/records/<id>`, its `links.files` listing and
//   each entry's `links.content`) sends `Access-Control-Allow-Origin: *` (zenodo/zenodo#2246,
//   restored 2021; zenodo/zenodo#2593, 2026: CORS on /api/records/…/files/…/content, not on the
//   /records/…/files/… pages). A Zenodo DOI (10.5281/zenodo.<n>) names its record id, so no DOI
//   resolver is needed. Other DOIs under `zenodo/` (other Invenio sites) need doi.org: hub.
// - figshare: file downloads (ndownloader.figshare.com) are KNOWN to send no CORS headers
//   (imjoy-team/imagej.js#22); whether api.figshare.com does is UNKNOWN here. Hub.
// - dataverse: CORS is per installation (the guides mark only some endpoints CORS), and the DOI
//   must first be resolved through doi.org to find the installation. UNKNOWN per site. Hub.
// - hydroshare: UNKNOWN: hydroshare/hydroshare#5103 (2023) reports its API refusing cross-origin
//   requests; its file downloads were not checked. Hub.
// - ckan: off by default (`ckan.cors.origin_allow_all`, ckan/ckan#1944) and a dataset's
//   resources may live on any server. Hub.
import { BadLaunchUrlError } from './errors'
import { decodePart } from './launchQuery'

export type RecordProvider = 'zenodo' | 'figshare' | 'hydroshare' | 'dataverse' | 'ckan'

export const RECORD_PROVIDERS: readonly RecordProvider[] = ['zenodo', 'figshare', 'hydroshare', 'dataverse', 'ckan']

export function isRecordProvider(p: string): p is RecordProvider {
  return (RECORD_PROVIDERS as readonly string[]).includes(p)
}

export interface RecordSpec {
  /** BinderHub's spec: the DOI, the HydroShare resource id, or the CKAN dataset URL. */
  repo: string
  /** Where a person finds the record. */
  repoUrl: string
  name: string
  /** Why a browser tab cannot fetch this record: the launch goes to a hub at once. */
  handOff?: string
}

// BinderHub's validateRegex for the DOI providers.
const DOI = /^10\.\d+\/.+$/
const ZENODO_DOI = /^10\.5281\/zenodo\.(\d+)$/i
const HYDROSHARE_ID = /([0-9a-f]{32})/

/** The record id a Zenodo DOI names, or undefined for a DOI Zenodo did not mint. */
export function zenodoRecordId(doi: string): string | undefined {
  return ZENODO_DOI.exec(doi)?.[1]
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'record'
}

/** Parses `/v2/<provider>/<spec>` for the data-archive providers; `segs` are the path's parts after the provider. */
export function parseRecordSpec(provider: RecordProvider, segs: string[], where: string): RecordSpec {
  // The DOI providers take the rest of the path as the DOI (its slash unescaped, urlEncode false in BinderHub).
  const rest = decodePart(segs.join('/'), where)
  switch (provider) {
    case 'zenodo':
    case 'figshare':
    case 'dataverse': {
      if (!DOI.test(rest))
        throw new BadLaunchUrlError(where, `expected /v2/${provider}/<DOI> (10.<n>/…), not "${rest}"`)
      const name = safeName(rest.split('/').slice(1).join('_'))
      const repoUrl = `https://doi.org/${rest}`
      if (provider === 'zenodo')
        return zenodoRecordId(rest)
          ? { repo: rest, repoUrl, name }
          : {
              repo: rest,
              repoUrl,
              name,
              handOff: `${rest} is not a Zenodo DOI (10.5281/zenodo.<number>): finding the record it names needs the doi.org resolver, which Quire does not ask from the browser.`,
            }
      if (provider === 'figshare')
        return {
          repo: rest,
          repoUrl,
          name,
          handOff:
            "Figshare serves an article's files without CORS headers, so a browser tab cannot read them; a BinderHub downloads them on its server.",
        }
      return {
        repo: rest,
        repoUrl,
        name,
        handOff:
          'A Dataverse DOI is found through doi.org on one of many Dataverse installations, each deciding for itself whether browsers may read its files (CORS); a BinderHub downloads them on its server.',
      }
    }
    case 'hydroshare': {
      const id = HYDROSHARE_ID.exec(rest)?.[1]
      if (!id) throw new BadLaunchUrlError(where, 'expected /v2/hydroshare/<32-digit hexadecimal resource id>')
      return {
        repo: id,
        repoUrl: `https://www.hydroshare.org/resource/${id}`,
        name: `hydroshare-${id.slice(0, 8)}`,
        handOff:
          "HydroShare's API is not known to let browsers read a resource's files (CORS); a BinderHub downloads them on its server.",
      }
    }
    case 'ckan': {
      let url: URL
      try {
        url = new URL(rest)
      } catch {
        throw new BadLaunchUrlError(where, 'expected /v2/ckan/<escaped dataset URL>')
      }
      if (!/^https?:$/.test(url.protocol) || !url.pathname.includes('/dataset/'))
        throw new BadLaunchUrlError(where, 'a CKAN link names a dataset URL (…/dataset/<name>), escaped')
      return {
        repo: rest,
        repoUrl: rest,
        name: safeName(url.pathname.split('/dataset/')[1].split('/')[0]),
        handOff:
          "A CKAN site answers browsers (CORS) only when it is configured to, and a dataset's files may live on any other server; a BinderHub downloads them on its server.",
      }
    }
  }
}
