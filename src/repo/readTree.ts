import type { RepoFile, RepoFs } from './types'

/** Reads every file under `dir` (skipping `.git`) into memory, paths relative to `dir`. */
export async function readTree(fs: RepoFs, dir: string): Promise<RepoFile[]> {
  const out: RepoFile[] = []
  async function walk(rel: string): Promise<void> {
    const abs = rel ? `${dir}/${rel}` : dir
    for (const name of (await fs.promises.readdir(abs)).sort()) {
      if (!rel && name === '.git') continue
      const childRel = rel ? `${rel}/${name}` : name
      const st = await fs.promises.stat(`${dir}/${childRel}`)
      if (st.isDirectory()) await walk(childRel)
      else {
        const data = await fs.promises.readFile(`${dir}/${childRel}`)
        out.push({ path: childRel, data: typeof data === 'string' ? new TextEncoder().encode(data) : data })
      }
    }
  }
  await walk('')
  return out
}

/** Removes `dir` and everything below it; a missing dir is fine. */
export async function removeTree(fs: RepoFs, dir: string): Promise<void> {
  let names: string[]
  try {
    names = await fs.promises.readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    const p = `${dir}/${name}`
    if ((await fs.promises.stat(p)).isDirectory()) await removeTree(fs, p)
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
