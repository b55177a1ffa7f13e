import { RepoNotFoundError, RepoUnreachableError } from './errors'
import { mkdirp, removeTree } from './readTree'
import type { FetchProgress, RepoFs, RepoLink } from './types'

/** The built-in demo is static files plus a manifest (scripts/prepare-public.mjs writes it). */
export interface DemoManifest {
  sha: string
  files: string[]
  /** A class pack's symbolic links (src/cli/pack.ts), made again as links: a static server cannot serve one. */
  links?: RepoLink[]
}

/** A path inside the folder: relative, no `..` (a pack's manifest names where links go). */
const isInside = (p: string) => p !== '' && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '')

function isManifest(x: unknown): x is DemoManifest {
  const m = x as DemoManifest
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.sha === 'string' &&
    Array.isArray(m.files) &&
    m.files.every((f) => typeof f === 'string') &&
    (m.links === undefined ||
      (Array.isArray(m.links) &&
        m.links.every((l) => typeof l?.path === 'string' && isInside(l.path) && typeof l.target === 'string')))
  )
}

async function get(url: string, fetchFn: typeof fetch = fetch): Promise<Response> {
  let res: Response
  try {
    res = await fetchFn(url)
  } catch (e) {
    throw new RepoUnreachableError(url, e instanceof Error ? e.message : String(e))
  }
  if (!res.ok) throw new RepoNotFoundError(url, res.status)
  return res
}

/** Copies the demo repository (or a class pack's, src/repo/packSource.ts) served at `baseUrl` into `dir`; returns
 *  its content hash. */
export async function fetchDemo(o: {
  fs: RepoFs
  dir: string
  baseUrl: string
  fetch?: typeof fetch
  onProgress?: (p: FetchProgress) => void
}): Promise<string> {
  const manifest: unknown = await (await get(`${o.baseUrl}/manifest.json`, o.fetch)).json()
  if (!isManifest(manifest)) throw new RepoNotFoundError(`${o.baseUrl}/manifest.json`, 0)
  await removeTree(o.fs, o.dir)
  let loaded = 0
  for (const path of manifest.files) {
    const data = new Uint8Array(
      await (await get(`${o.baseUrl}/${path.split('/').map(encodeURIComponent).join('/')}`, o.fetch)).arrayBuffer(),
    )
    const parent = path.split('/').slice(0, -1).join('/')
    await mkdirp(o.fs, parent ? `${o.dir}/${parent}` : o.dir)
    await o.fs.promises.writeFile(`${o.dir}/${path}`, data)
    loaded += data.byteLength
    o.onProgress?.({ phase: 'receiving', loaded })
  }
  for (const l of manifest.links ?? []) {
    const parent = l.path.split('/').slice(0, -1).join('/')
    await mkdirp(o.fs, parent ? `${o.dir}/${parent}` : o.dir)
    // Its target text verbatim, never followed: it may dangle or loop, as in the commit.
    await o.fs.promises.symlink(l.target, `${o.dir}/${l.path}`)
  }
  return manifest.sha
}
