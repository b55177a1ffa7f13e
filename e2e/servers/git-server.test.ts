import { mkdtemp, readFile, rm } from 'node:fs/promises'
import * as fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitServer, type GitServer } from './git-server'

const repos = fileURLToPath(new URL('../fixtures/repos/', import.meta.url))

describe('git server', () => {
  let server: GitServer
  let csv: { cloneUrl: string; sha: string }
  const dirs: string[] = []
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quire-clone-'))
    dirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    server = await startGitServer()
    csv = await server.addRepo('csv-repo', join(repos, 'csv-repo'), { tag: 'v1' })
  })
  afterAll(async () => {
    await server?.stop()
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  })

  it('listens on 127.0.0.1 and names clone URLs after the repo', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(csv.cloneUrl).toBe(`${server.url}/csv-repo.git`)
    expect(csv.sha).toMatch(/^[0-9a-f]{40}$/)
  })

  it('serves a shallow single-branch clone to isomorphic-git', async () => {
    const dir = await freshDir()
    await git.clone({ fs, http, dir, url: csv.cloneUrl, depth: 1, singleBranch: true })
    expect(await readFile(join(dir, 'data/x.csv'), 'utf8')).toBe('city,temp\nOslo,3\nLima,19\n')
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(csv.sha)
    expect(await git.currentBranch({ fs, dir })).toBe('main')
  })

  it('serves a tag and a full clone', async () => {
    const dir = await freshDir()
    await git.clone({ fs, http, dir, url: csv.cloneUrl, ref: 'v1', singleBranch: true, depth: 1 })
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(csv.sha)
    const full = await freshDir()
    await git.clone({ fs, http, dir: full, url: csv.cloneUrl })
    expect(JSON.parse(await readFile(join(full, 'analysis.ipynb'), 'utf8')).nbformat_minor).toBe(5)
  })

  it('serves new commits after commitFiles', async () => {
    const { cloneUrl, sha } = await server.addRepo('org/two-notebooks', join(repos, 'two-notebooks'), {
      branch: 'trunk',
    })
    const next = await server.commitFiles(
      'org/two-notebooks',
      { 'sub/new.txt': 'changed upstream\n' },
      'Upstream change',
    )
    expect(next).not.toBe(sha)
    const info = await git.getRemoteInfo({ http, url: cloneUrl })
    expect(info.refs?.heads?.trunk).toBe(next)
    const dir = await freshDir()
    await git.clone({ fs, http, dir, url: cloneUrl, depth: 1, singleBranch: true })
    expect(await readFile(join(dir, 'sub/new.txt'), 'utf8')).toBe('changed upstream\n')
    const [head] = await git.log({ fs, dir, depth: 1 })
    expect(head.oid).toBe(next)
    expect(head.commit.parent).toEqual([sha])
    expect(head.commit.author.email).toBe('fixture@quire.test')
  })

  it('answers a missing repo with an HTTP 404', async () => {
    const res = await fetch(`${server.url}/nope.git/info/refs?service=git-upload-pack`)
    expect(res.status).toBe(404)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const dir = await freshDir()
    await expect(git.clone({ fs, http, dir, url: `${server.url}/nope.git` })).rejects.toMatchObject({
      code: 'HttpError',
      data: { statusCode: 404 },
    })
  })

  it('errors on a missing ref', async () => {
    const dir = await freshDir()
    await expect(
      git.clone({ fs, http, dir, url: csv.cloneUrl, ref: 'no-such-branch', singleBranch: true, depth: 1 }),
    ).rejects.toMatchObject({ code: 'NotFoundError' })
  })

  it('answers CORS preflight and adds CORS headers to git responses', async () => {
    const pre = await fetch(`${csv.cloneUrl}/git-upload-pack`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, git-protocol',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST')
    expect(pre.headers.get('access-control-allow-headers')).toContain('git-protocol')
    const refs = await fetch(`${csv.cloneUrl}/info/refs?service=git-upload-pack`)
    expect(refs.status).toBe(200)
    expect(refs.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement')
    expect(refs.headers.get('access-control-expose-headers')).toBe('*')
  })

  it('accepts gzip-encoded upload-pack requests, as the git CLI sends them', async () => {
    const pkt = (line: string) => (line.length + 4).toString(16).padStart(4, '0') + line
    const body = gzipSync(pkt(`want ${csv.sha}\n`) + '0000' + pkt('done\n'))
    const res = await fetch(`${csv.cloneUrl}/git-upload-pack`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-git-upload-pack-request', 'Content-Encoding': 'gzip' },
    })
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).includes('PACK')).toBe(true)
  })

  it('refuses pushes', async () => {
    const res = await fetch(`${csv.cloneUrl}/info/refs?service=git-receive-pack`)
    expect(res.ok).toBe(false)
  })
})
