import type { RepoFile, RepoLink } from './types'

// Linux's own bound on links followed while resolving one path (ELOOP), so `a -> b -> a` ends.
const MAX_HOPS = 40

/**
 * Where a link leads inside the repository, as a path relative to its root ('' is the root), or
 * undefined when it leaves it: an absolute target, `..` past the root, or a chain longer than
 * MAX_HOPS. Links met on the way (`loop/x` with `loop -> .`) are followed as the OS would.
 */
export function resolveLink(link: RepoLink, links: ReadonlyMap<string, string>): string | undefined {
  let hops = 0
  const start = (p: string) => p.split('/').slice(0, -1)
  if (link.target.startsWith('/')) return undefined
  const cur: string[] = start(link.path)
  const queue = link.target.split('/')
  while (queue.length > 0) {
    const part = queue.shift()!
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (cur.length === 0) return undefined
      cur.pop()
      continue
    }
    cur.push(part)
    const target = links.get(cur.join('/'))
    if (target === undefined) continue
    if (++hops > MAX_HOPS || target.startsWith('/')) return undefined
    cur.pop()
    queue.unshift(...target.split('/'))
  }
  return cur.join('/')
}

/**
 * Splits a checkout's links as repo2docker's image would see them: those leading to a file or
 * folder of the repository work (the kernel makes them), the rest (dangling, absolute, outside
 * the repository) are named for the header as `path → target`.
 */
export function classifyLinks(files: Pick<RepoFile, 'path'>[], links: RepoLink[]) {
  const byPath = new Map(links.map((l) => [l.path, l.target]))
  const paths = new Set(files.map((f) => f.path))
  const dirs = new Set([''])
  for (const p of files.map((f) => f.path)) {
    const parts = p.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  const inside: RepoLink[] = []
  const broken: string[] = []
  for (const l of links) {
    const to = resolveLink(l, byPath)
    if (to !== undefined && (paths.has(to) || dirs.has(to))) inside.push(l)
    else broken.push(`${l.path} → ${l.target}`)
  }
  return { inside, broken }
}

// PATH_MAX: no link target is longer.
const MAX_TARGET_BYTES = 4095

/**
 * A route that keeps no links (jsDelivr copies GitHub's zip archive, where a link is an entry holding its target's
 * path) gives each link as a small file whose bytes are that path. Such a file cannot be told from a real one by its
 * listing, so these are the files that look like one: a single line with no newline (git stores a target without
 * one), and a target that names a file or folder of the repository, is absolute, or leaves the repository. A text
 * that names nothing inside ("1.0.3", "hello") is taken for a file. Returned as links, for the header.
 */
export function filesLikeLinks(files: Pick<RepoFile, 'path' | 'data'>[]): RepoLink[] {
  const paths = new Set(files.map((f) => f.path))
  const dirs = new Set([''])
  for (const p of paths) {
    const parts = p.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const found: RepoLink[] = []
  for (const f of files) {
    if (f.data.byteLength === 0 || f.data.byteLength > MAX_TARGET_BYTES) continue
    let target: string
    try {
      target = decoder.decode(f.data)
    } catch {
      continue
    }
    if (/[\u0000-\u001f]/.test(target)) continue
    const link = { path: f.path, target }
    const to = resolveLink(link, new Map())
    if (to === undefined || (to !== f.path && (paths.has(to) || dirs.has(to)))) found.push(link)
  }
  return found
}
