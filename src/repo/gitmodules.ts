/** One `[submodule "…"]` section of .gitmodules: where it is checked out and where it is cloned from. */
export interface SubmoduleEntry {
  name: string
  path: string
  url: string
}

/**
 * Reads .gitmodules (git-config syntax: https://git-scm.com/docs/gitmodules) for the two keys a
 * checkout needs. Sections without both are skipped, as `git submodule update` skips them.
 */
export function parseGitmodules(text: string): SubmoduleEntry[] {
  const out: SubmoduleEntry[] = []
  let cur: Partial<SubmoduleEntry> | undefined
  const flush = () => {
    if (cur?.name !== undefined && cur.path && cur.url) out.push({ name: cur.name, path: cur.path, url: cur.url })
  }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[#;].*$/, '').trim()
    if (!line) continue
    const section = /^\[\s*submodule\s+"((?:[^"\\]|\\.)*)"\s*\]$/.exec(line)
    if (section) {
      flush()
      cur = { name: section[1].replace(/\\(.)/g, '$1') }
      continue
    }
    if (line.startsWith('[')) {
      flush()
      cur = undefined
      continue
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line)
    if (!cur || !kv) continue
    const value = kv[2].replace(/^"(.*)"$/, '$1').trim()
    const key = kv[1].toLowerCase()
    if (key === 'path') cur.path = value.replace(/^\/+|\/+$/g, '')
    if (key === 'url') cur.url = value
  }
  flush()
  return out
}

/**
 * A submodule URL as git resolves it: `./x` and `../x` are relative to the superproject's own
 * remote URL (https://git-scm.com/docs/git-submodule, "relative URL"), anything else as written.
 * scp-like `git@host:owner/repo` becomes https, the only scheme a browser can clone over.
 */
export function resolveSubmoduleUrl(url: string, parentUrl: string): string {
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(url)
  if (scp) return `https://${scp[1]}/${scp[2]}`
  if (!url.startsWith('./') && !url.startsWith('../')) return url
  const base = parentUrl.replace(/\/+$/, '')
  // git strips the superproject URL's last component once for each leading `../`, then appends.
  let parts = base.split('/')
  let rest = url
  for (;;) {
    if (rest.startsWith('./')) rest = rest.slice(2)
    else if (rest.startsWith('../')) {
      rest = rest.slice(3)
      parts = parts.slice(0, -1)
    } else break
  }
  return `${parts.join('/')}/${rest}`
}
