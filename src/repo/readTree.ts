import type { RepoFile, RepoFs, RepoLink } from './types'

interface Kind {
  isDirectory(): boolean
  isSymbolicLink?(): boolean
}

function isKind(x: unknown): x is Kind {
  return typeof x === 'object' && x !== null && typeof (x as Kind).isDirectory === 'function'
}

/** lstat, never stat: a symbolic link is looked at, not followed (a dangling one would throw, `loop -> .` recurse). */
async function kindOf(fs: RepoFs, path: string): Promise<'dir' | 'link' | 'file'> {
  const st = await fs.promises.lstat(path)
  if (!isKind(st)) throw new Error(`lstat ${path}: not a stat`)
  return st.isSymbolicLink?.() ? 'link' : st.isDirectory() ? 'dir' : 'file'
}

/**
 * Reads every file under `dir` into memory, paths relative to `dir`, and every symbolic link as
 * its target text (never followed, so no loop and no failure on a dangling one). `.git` folders
 * are skipped at any depth: a submodule's checkout has its own, and git forbids the name in a tree.
 */
export async function readTree(fs: RepoFs, dir: string): Promise<{ files: RepoFile[]; links: RepoLink[] }> {
  const files: RepoFile[] = []
  const links: RepoLink[] = []
  async function walk(rel: string): Promise<void> {
    const abs = rel ? `${dir}/${rel}` : dir
    for (const name of (await fs.promises.readdir(abs)).sort()) {
      if (name === '.git') continue
      const childRel = rel ? `${rel}/${name}` : name
      const kind = await kindOf(fs, `${dir}/${childRel}`)
      if (kind === 'dir') await walk(childRel)
      else if (kind === 'link')
        links.push({ path: childRel, target: String(await fs.promises.readlink(`${dir}/${childRel}`)) })
      else {
        const data = await fs.promises.readFile(`${dir}/${childRel}`)
        files.push({ path: childRel, data: typeof data === 'string' ? new TextEncoder().encode(data) : data })
      }
    }
  }
  await walk('')
  return { files, links }
}

/** Removes `dir` and everything below it; a missing dir is fine. A link is removed, never followed. */
export async function removeTree(fs: RepoFs, dir: string): Promise<void> {
  let names: string[]
  try {
    names = await fs.promises.readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    const p = `${dir}/${name}`
    if ((await kindOf(fs, p)) === 'dir') await removeTree(fs, p)
    else await fs.promises.unlink(p)
  }
  await fs.promises.rmdir(dir)
}

export async function mkdirp(fs: RepoFs, dir: string): Promise<void> {
  let cur = ''
  for (const part of dir.split('/').filter(Boolean)) {
    cur += `/${part}`
    try {
      await fs.promises.mkdir(cur)
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e
    }
  }
}
