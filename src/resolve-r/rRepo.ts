// webR's package repository over the network: where its index and binaries are, fetched through
// the injected BytesFetcher (the launch worker's fetch, or Node's in `quire check`).
// Layout (repo.r-wasm.org, and e2e/servers/webr-repo.ts): <repo>/bin/emscripten/contrib/<R x.y>/
// holds PACKAGES and <name>_<version>.tgz, each .tgz an installed package's folder.
import { HttpError, IndexUnreachableError, type BytesFetcher } from '../resolve'
import { readPackagesIndex, type RIndex } from './packagesIndex'

/** `<repoUrl>/bin/emscripten/contrib/<major.minor>` for the R webR runs (e.g. '4.6.0' → 4.6). */
export function contribUrl(repoUrl: string, rVersion: string): string {
  return `${repoUrl.replace(/\/+$/, '')}/bin/emscripten/contrib/${rVersion.split('.').slice(0, 2).join('.')}`
}

/** The repository's PACKAGES for webR's R; INDEX_UNREACHABLE when it cannot be read. */
export async function loadRIndex(contrib: string, fetcher: BytesFetcher): Promise<RIndex> {
  const url = `${contrib}/PACKAGES`
  try {
    return readPackagesIndex(new TextDecoder().decode(await fetcher.fetchBytes(url)))
  } catch (e) {
    throw new IndexUnreachableError(
      url,
      e instanceof HttpError ? `HTTP ${e.status}` : e instanceof Error ? e.message : String(e),
    )
  }
}

/** gzip's magic number: a .tgz that does not start with it is an error page or a torn file. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}
