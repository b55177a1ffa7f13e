// A class pack's pack.json (written by `quire pack`, src/cli/pack.ts), as the browser reads it: which
// launch links (provider + repository + ref) the pack holds, at which commit, in which folder. It
// is the pack's map from spec to content, so a student's usual badge link finds the pack first.
import type { LaunchSpec } from '../launch'

export interface PackEntry {
  spec: Pick<LaunchSpec, 'provider' | 'repo'>
  /** The refs a link may name to get this commit: the one packed, and HEAD when it was the default branch. */
  refs: string[]
  sha: string
  /** Its folder under `repos/` (a `manifest.json` of files and the SHA, then the files). */
  name: string
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string')
const PROVIDERS = new Set(['gh', 'gl', 'gist', 'git'])

/** The entries of a pack.json, checked once here; an older pack without specs has none. */
export function readPackManifest(json: unknown): PackEntry[] {
  if (!isObj(json) || !Array.isArray(json.repos)) return []
  return json.repos.flatMap((r): PackEntry[] => {
    if (!isObj(r) || !isObj(r.spec) || typeof r.sha !== 'string' || typeof r.name !== 'string') return []
    const { provider, repo } = r.spec
    if (typeof provider !== 'string' || !PROVIDERS.has(provider) || typeof repo !== 'string') return []
    if (!/^[a-z0-9-]+$/.test(r.name) || !/^[0-9a-f]{40}$/.test(r.sha) || !isStrings(r.refs)) return []
    return [
      { spec: { provider: provider as PackEntry['spec']['provider'], repo }, refs: r.refs, sha: r.sha, name: r.name },
    ]
  })
}

/** A clone URL's identity: no `.git`, no trailing slash (git servers answer both spellings). */
const bareUrl = (u: string) => u.replace(/\/+$/, '').replace(/\.git$/, '')

/** Whether an entry is this repository: GitHub's names are case-insensitive, a git URL is compared without `.git`. */
export function isSameRepo(entry: PackEntry, spec: Pick<LaunchSpec, 'provider' | 'repo'>): boolean {
  if (entry.spec.provider !== spec.provider) return false
  if (spec.provider === 'gh' || spec.provider === 'gl') return entry.spec.repo.toLowerCase() === spec.repo.toLowerCase()
  if (spec.provider === 'git') return bareUrl(entry.spec.repo) === bareUrl(spec.repo)
  return entry.spec.repo === spec.repo
}

/** The entry a link's ref names: one of its packed refs, or its commit's SHA (full or abbreviated, 7+). */
export function findInPack(
  entries: PackEntry[],
  spec: Pick<LaunchSpec, 'provider' | 'repo'>,
  ref: string,
): { entry: PackEntry; byRef: boolean } | undefined {
  const same = entries.filter((e) => isSameRepo(e, spec))
  const named = same.find((e) => e.refs.includes(ref))
  if (named) return { entry: named, byRef: true }
  const sha = /^[0-9a-f]{7,40}$/i.test(ref) ? same.find((e) => e.sha.startsWith(ref.toLowerCase())) : undefined
  return sha && { entry: sha, byRef: false }
}
