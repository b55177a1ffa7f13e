import git from 'isomorphic-git'
import { AppError } from '../shared/errors'
import { parseGitmodules, resolveSubmoduleUrl, type SubmoduleEntry } from './gitmodules'
import type { RepoSource } from './source'
import type { FetchProgress, RepoFile, RepoFs, RepoLink } from './types'

// repo2docker runs `git submodule update --init --recursive`; nesting past this is refused, not looped.
const MAX_DEPTH = 4

/** A submodule path git would check out: relative, no `..`, no `.git` (CVE-2018-11235's lesson). */
const isSafePath = (p: string) =>
  p !== '' && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '.git')

/** The commits a checked-out tree's gitlinks (mode 160000) name, read from the clone's own objects. */
export async function gitlinksFromClone(fs: RepoFs, dir: string, sha: string, paths: string[]) {
  const out = new Map<string, string>()
  for (const path of paths) {
    const parent = path.split('/').slice(0, -1).join('/')
    const name = path.split('/').pop()
    try {
      const { tree } = await git.readTree({ fs, dir, oid: sha, filepath: parent || undefined })
      const hit = tree.find((e) => e.path === name && e.type === 'commit')
      if (hit) out.set(path, hit.oid)
    } catch {
      // No such folder in the commit: .gitmodules names a path the tree lacks, which git ignores too.
    }
  }
  return out
}

/**
 * Wraps a source so that a download also checks out the commit's submodules, as repo2docker does:
 * each one's URL (relative ones against `parentUrl`) gets a source of its own from `sourceFor`
 * (the same routes a launch link of it would take) and its recorded commit is written into its
 * folder. One that cannot be fetched (private, gone, refused) does not fail the launch: its folder
 * stays empty and the header names it (`missingSubmodules`). `onSkip` hears why.
 */
export function withSubmodules(
  source: RepoSource,
  o: {
    fs: RepoFs
    parentUrl: string
    sourceFor: (url: string, depth: number) => RepoSource | undefined
    depth?: number
    onSkip?: (path: string, url: string, reason: string) => void
  },
): RepoSource {
  const depth = o.depth ?? 0
  return {
    get url() {
      return source.url
    },
    get route() {
      return source.route
    },
    lookup: (ref) => source.lookup(ref),
    lookupFresh: source.lookupFresh && ((ref) => source.lookupFresh!(ref)),
    gitlinks: source.gitlinks && ((dir, sha, paths) => source.gitlinks!(dir, sha, paths)),
    async download(dir, target, onProgress) {
      const sha = await source.download(dir, target, onProgress)
      const entries = await readGitmodules(o.fs, dir)
      if (entries.length === 0) return sha
      const safe = entries.filter((e) => isSafePath(e.path))
      const links =
        (await source.gitlinks?.(
          dir,
          sha,
          safe.map((e) => e.path),
        )) ?? new Map<string, string>()
      for (const e of safe) {
        const commit = links.get(e.path)
        if (commit) await fetchOne(dir, e, commit, onProgress)
      }
      return sha
    },
  }

  async function fetchOne(dir: string, e: SubmoduleEntry, commit: string, onProgress?: (p: FetchProgress) => void) {
    const url = resolveSubmoduleUrl(e.url, o.parentUrl)
    const skip = (reason: string) => o.onSkip?.(e.path, url, reason)
    if (depth + 1 > MAX_DEPTH) return skip(`nested deeper than ${MAX_DEPTH} submodules`)
    const sub = o.sourceFor(url, depth + 1)
    if (!sub) return skip('a browser cannot clone this URL')
    try {
      await sub.download(`${dir}/${e.path}`, { kind: 'sha', prefix: commit }, onProgress)
    } catch (err) {
      // The browser's storage failing is the launch's error; a submodule that cannot be had is not.
      if (err instanceof AppError && err.code.startsWith('STORAGE_')) throw err
      skip(err instanceof Error ? err.message : String(err))
    }
  }
}

async function readGitmodules(fs: RepoFs, dir: string): Promise<SubmoduleEntry[]> {
  let text: string
  try {
    const data = await fs.promises.readFile(`${dir}/.gitmodules`)
    text = typeof data === 'string' ? data : new TextDecoder().decode(data)
  } catch {
    return []
  }
  return parseGitmodules(text)
}

/** Submodules of a checkout whose folders hold nothing: the ones the header names as not fetched. */
export function missingSubmodules(files: RepoFile[], links: RepoLink[]): string[] {
  const gm = files.find((f) => f.path === '.gitmodules')
  if (!gm) return []
  const held = [...files, ...links].map((f) => f.path)
  return parseGitmodules(new TextDecoder().decode(gm.data))
    .map((e) => e.path)
    .filter((p) => isSafePath(p) && !held.some((h) => h.startsWith(`${p}/`)))
}
