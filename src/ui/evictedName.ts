import { BASELINE_PREFIX } from '../store/catalog'

/**
 * How the STORAGE_FULL screen names something Quire removed to make room (src/store/quota.ts `evicted`): the keys are
 * a repository's storage key (`provider:repo@ref`, src/launch/launchSpec.ts), a baseline snapshot's
 * (`baseline@<version>@<core URL>`), or the history's own words (src/store/history.ts `evictHistory`).
 */
export function evictedName(key: string): string {
  if (key.startsWith(BASELINE_PREFIX))
    return `Python’s start-up snapshot (Pyodide ${key.slice(BASELINE_PREFIX.length).split('@')[0]})`
  const m = /^([a-z]+):(.+)$/.exec(key)
  if (!m) return key
  const [, provider, rest] = m
  if (provider === 'demo') return `the demo “${rest}”`
  const at = rest.lastIndexOf('@')
  if (at <= 0) return key
  const repo = rest.slice(0, at)
  const ref = rest.slice(at + 1)
  // A git link's repo is its URL: the name is its last part, as the header shows it (launchSpec's nameFromUrl).
  const name = /^https?:\/\//.test(repo)
    ? repo
        .replace(/\/+$/, '')
        .split('/')
        .pop()!
        .replace(/\.git$/, '')
    : repo
  return `${name} (${ref})`
}

/**
 * The STORAGE_FULL screen's words for `data.evicted` (src/store/quota.ts): what was removed, by name, or that nothing
 * was. Undefined when the failure carries no list (it came from outside the eviction loop, which says nothing of it).
 */
export function evictedWords(data: Record<string, unknown> | undefined): string | undefined {
  if (!Array.isArray(data?.evicted)) return undefined
  const names = data.evicted.filter((k): k is string => typeof k === 'string').map(evictedName)
  if (names.length === 0)
    return 'Quire removed nothing: nothing else it may remove is stored (it never removes this repository or your edits).'
  return `Quire removed what was used least recently, and it was still not enough. Removed to make room: ${names.join(', ')}.`
}
