import { inPool } from './pool'
import { mkdirp, removeTree } from './readTree'
import { writingTo } from './storageErrors'
import type { FetchProgress, RepoFs } from './types'

/** One fetched file of a tree: its path in the repository and its bytes (a link's bytes are its target). */
export interface FetchedFile {
  path: string
  data: Uint8Array
  isLink?: boolean
}

/**
 * Replaces `dir` with the files `fetchOne` fetches, `width` at once (the jsDelivr and GitHub API routes).
 * A storage failure is STORAGE_FAILED/FULL (`writingTo`), which no other route can mend; on any failure
 * the half-written folder goes, after the downloads in flight have settled (inPool).
 */
export async function downloadTree<T>(
  fs: RepoFs,
  dir: string,
  what: string,
  items: T[],
  width: number,
  fetchOne: (item: T) => Promise<FetchedFile>,
  onProgress?: (p: FetchProgress) => void,
): Promise<void> {
  let done = 0
  let bytes = 0
  try {
    await writingTo(what, async () => {
      await removeTree(fs, dir)
      await mkdirp(fs, dir)
      await inPool(items, width, async (item) => {
        const f = await fetchOne(item)
        const parent = f.path.split('/').slice(0, -1).join('/')
        await mkdirp(fs, parent ? `${dir}/${parent}` : dir)
        // A link is kept as a link, its target text verbatim (never followed: it may dangle or loop).
        if (f.isLink) await fs.promises.symlink(new TextDecoder().decode(f.data), `${dir}/${f.path}`)
        else await fs.promises.writeFile(`${dir}/${f.path}`, f.data)
        bytes += f.data.byteLength
        onProgress?.({ phase: 'receiving', loaded: ++done, total: items.length, bytes })
      })
    })
  } catch (e) {
    await removeTree(fs, dir).catch(() => undefined)
    throw e
  }
}
