// The package indexes inside a class pack, as static files a web server hands out unchanged (GitHub
// Pages, a school's server): the index wheels the repositories' locks name, behind a PEP 691 JSON
// simple index (`pypi/simple/<name>/` is a folder whose index.html holds the JSON page, as
// JupyterLite's piplite serves its `all.json` as a plain file), and the webR binaries behind a
// CRAN-style `webr-repo/bin/emscripten/contrib/<R x.y>/PACKAGES` holding only their paragraphs.
// Quire's resolvers read both as they read PyPI and repo.r-wasm.org: the launch resolves against
// the pack and finds exactly what `quire pack` resolved.
// https://peps.python.org/pep-0691/ https://peps.python.org/pep-0503/
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { IndexUnreachableError, normalizeName, sha256Hex, verifySha256, type BytesFetcher } from '../resolve'
import { contribUrl, type REnvRecord } from '../resolve-r'
import { isGzip } from '../resolve-r/rRepo'

/** An index wheel a repository's lock names (`source: 'index'`, its URL as `file_name`). */
export interface IndexWheel {
  name: string
  version: string
  url: string
  sha256?: string
}

/** The wheel's file name from its URL (a PEP 691 `url` may carry a fragment). */
export function wheelFileName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
}

/** A project's PEP 691 JSON page listing `files`, each at `../../files/<filename>` (pypi/files/). */
export function simpleProjectPage(name: string, files: Array<{ filename: string; sha256: string }>): unknown {
  const sorted = [...files].sort((a, b) => a.filename.localeCompare(b.filename))
  return {
    meta: { 'api-version': '1.1' },
    name: normalizeName(name),
    files: sorted.map((f) => ({
      filename: f.filename,
      url: `../../files/${encodeURIComponent(f.filename)}`,
      hashes: { sha256: f.sha256 },
    })),
  }
}

/**
 * The paragraphs of a PACKAGES index (Debian control format) for `names` only, verbatim, so the
 * pack's index says what the upstream one said (Depends, Imports, R version) about them.
 */
export function packagesSubset(text: string, names: ReadonlySet<string>): string {
  const keep = text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .filter((para) => {
      const m = /^Package:\s*(\S+)/m.exec(para)
      return m !== null && names.has(m[1])
    })
  return keep.length > 0 ? `${keep.map((p) => p.trim()).join('\n\n')}\n` : ''
}

type Log = { write(s: string): unknown }

/** Downloads each index wheel once (sha256 checked) and writes `pypi/files/` and `pypi/simple/`. */
export async function writeIndexWheels(
  out: string,
  wheels: IndexWheel[],
  fetcher: BytesFetcher,
  log: Log,
): Promise<string[]> {
  const byProject = new Map<string, Map<string, { filename: string; sha256: string }>>()
  const files = join(out, 'pypi', 'files')
  for (const w of wheels) {
    const filename = wheelFileName(w.url)
    const project = byProject.get(normalizeName(w.name)) ?? new Map()
    byProject.set(normalizeName(w.name), project)
    if (project.has(filename)) continue
    const bytes = await fetcher.fetchBytes(w.url)
    if (w.sha256) await verifySha256(bytes, w.sha256, w.url)
    mkdirSync(files, { recursive: true })
    writeFileSync(join(files, filename), bytes)
    project.set(filename, { filename, sha256: w.sha256 || (await sha256Hex(bytes)) })
    log.write(`quire pack: ${filename} (${bytes.byteLength} bytes, from the package index)\n`)
  }
  for (const [name, project] of byProject) {
    const dir = join(out, 'pypi', 'simple', name)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'index.html'), JSON.stringify(simpleProjectPage(name, [...project.values()])))
  }
  return [...byProject.keys()]
}

/**
 * The R binaries of every repository's R environment, with the PACKAGES paragraphs that describe
 * them, under `webr-repo/` in the upstream layout; `repoUrl` is where they were resolved.
 */
export async function writeRPackages(
  out: string,
  envs: REnvRecord[],
  fetcher: BytesFetcher,
  log: Log,
): Promise<number> {
  const byContrib = new Map<string, { rVersion: string; repoUrl: string; names: Set<string> }>()
  let written = 0
  for (const env of envs) {
    const contrib = contribUrl(env.repoUrl, env.rVersion)
    const entry = byContrib.get(contrib) ?? { rVersion: env.rVersion, repoUrl: env.repoUrl, names: new Set() }
    byContrib.set(contrib, entry)
    const dir = join(out, 'webr-repo', contribUrl('', env.rVersion))
    mkdirSync(dir, { recursive: true })
    for (const p of env.packages) {
      if (entry.names.has(p.name)) continue
      const bytes = await fetcher.fetchBytes(p.url)
      if (!isGzip(bytes)) throw new IndexUnreachableError(p.url, 'not a gzip archive: an error page or a torn download')
      writeFileSync(join(dir, p.filename), bytes)
      entry.names.add(p.name)
      written++
      log.write(`quire pack: ${p.filename} (${bytes.byteLength} bytes, from webR's repository)\n`)
    }
  }
  for (const [contrib, entry] of byContrib) {
    const text = new TextDecoder().decode(await fetcher.fetchBytes(`${contrib}/PACKAGES`))
    writeFileSync(join(out, 'webr-repo', contribUrl('', entry.rVersion), 'PACKAGES'), packagesSubset(text, entry.names))
  }
  return written
}
