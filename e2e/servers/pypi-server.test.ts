import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { startPypiServer, type PypiServer } from './pypi-server'

const packages = fileURLToPath(new URL('../fixtures/packages/', import.meta.url))
const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json'
const sha256 = (b: ArrayBuffer) => createHash('sha256').update(new Uint8Array(b)).digest('hex')

interface SimpleFile {
  filename: string
  url: string
  hashes: { sha256: string }
  size: number
  'requires-python'?: string
}
interface PypiFile {
  filename: string
  url: string
  digests: { sha256: string }
  packagetype: string
  size: number
}
interface PypiJson {
  info: {
    name: string
    version: string
    summary: string
    requires_dist: string[] | null
    requires_python: string | null
  }
  releases: Record<string, PypiFile[]>
  urls: PypiFile[]
}

describe('pypi server', () => {
  let pypi: PypiServer
  let tinyNew: { filename: string; sha256: string }
  let tinyOld: { filename: string; sha256: string }
  let greetings: { filename: string; sha256: string }
  const get = (path: string, init?: RequestInit) => fetch(`${pypi.url}${path}`, init)
  const getJson = async <T>(path: string, accept = 'application/json'): Promise<T> => {
    const res = await get(path, { headers: { Accept: accept } })
    expect(res.status, path).toBe(200)
    return (await res.json()) as T
  }

  beforeAll(async () => {
    pypi = await startPypiServer()
    tinyOld = await pypi.addFromDir(`${packages}tinytable-old`)
    tinyNew = await pypi.addFromDir(`${packages}tinytable`)
    greetings = await pypi.addFromDir(`${packages}greetings`)
  })
  afterAll(() => pypi?.stop())

  it('serves the PEP 691 JSON simple API', async () => {
    const res = await get('/simple/tinytable/', { headers: { Accept: SIMPLE_JSON } })
    expect(res.headers.get('content-type')).toBe(SIMPLE_JSON)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const page = (await res.json()) as {
      meta: { 'api-version': string }
      name: string
      files: SimpleFile[]
      versions: string[]
    }
    expect(page.meta['api-version']).toBe('1.4') // warehouse's API_VERSION
    expect(page.name).toBe('tinytable')
    expect(page.versions).toEqual(['1.0.0', '1.2.0'])
    expect(page.files.map((f) => f.filename)).toEqual([tinyOld.filename, tinyNew.filename])
    expect(page.files[1]).toMatchObject({
      url: `${pypi.url}/files/${tinyNew.filename}`,
      hashes: { sha256: tinyNew.sha256 },
      'requires-python': '>=3.8',
    })
    const index = await getJson<{ projects: { name: string }[] }>('/simple/', SIMPLE_JSON)
    expect(index.projects).toEqual([{ name: 'greetings' }, { name: 'tinytable' }])
  })

  it('serves PEP 503 HTML without the JSON Accept header', async () => {
    const res = await get('/simple/greetings/')
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain(
      `<a href="${pypi.url}/files/${greetings.filename}#sha256=${greetings.sha256}" data-requires-python="&gt;=3.8" data-core-metadata="sha256=`,
    )
  })

  it("serves the PyPI JSON API from the wheels' own metadata", async () => {
    const latest = await getJson<PypiJson>('/pypi/tinytable/json')
    expect(latest.info).toMatchObject({
      name: 'tinytable',
      version: '1.2.0',
      requires_dist: null,
      requires_python: '>=3.8',
    })
    expect(latest.info.summary).toBe('Format rows as an aligned plain-text table')
    expect(Object.keys(latest.releases)).toEqual(['1.0.0', '1.2.0'])
    expect(latest.releases['1.0.0'][0]).toMatchObject({
      filename: tinyOld.filename,
      digests: { sha256: tinyOld.sha256 },
      packagetype: 'bdist_wheel',
    })
    expect(latest.urls.map((f) => f.filename)).toEqual([tinyNew.filename])

    const old = await getJson<PypiJson>('/pypi/tinytable/1.0.0/json')
    expect(old.info.version).toBe('1.0.0')
    expect(old.urls.map((f) => f.digests.sha256)).toEqual([tinyOld.sha256])

    const g = await getJson<PypiJson>('/pypi/greetings/json')
    expect(g.info.requires_dist).toEqual(['tinytable>=1.1'])
  })

  it('serves wheel bytes that match the advertised hash and size', async () => {
    const [file] = (await getJson<PypiJson>('/pypi/greetings/json')).urls
    const res = await fetch(file.url)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    const body = await res.arrayBuffer()
    expect(body.byteLength).toBe(file.size)
    expect(sha256(body)).toBe(greetings.sha256)
  })

  it("serves each wheel's METADATA at <file URL>.metadata, advertised with its hash (PEP 658/714)", async () => {
    const page = await getJson<{
      files: Array<SimpleFile & { 'core-metadata': { sha256: string }; 'data-dist-info-metadata': { sha256: string } }>
    }>('/simple/greetings/', SIMPLE_JSON)
    const [file] = page.files
    const res = await fetch(`${file.url}.metadata`)
    expect(res.status).toBe(200)
    const body = await res.arrayBuffer()
    expect(sha256(body)).toBe(file['core-metadata'].sha256)
    expect(file['data-dist-info-metadata']).toEqual(file['core-metadata'])
    expect(new TextDecoder().decode(body)).toMatch(/^Name: greetings$[\s\S]*^Requires-Dist: tinytable>=1\.1$/m)
    const html = await (await get('/simple/greetings/')).text()
    expect(html).toContain(`data-core-metadata="sha256=${file['core-metadata'].sha256}"`)
  })

  it('serves no .metadata files when told not to, as older indexes', async () => {
    const old = await startPypiServer({ isMetadataServed: false })
    try {
      const { filename } = await old.addFromDir(`${packages}greetings`)
      const page = (await (
        await fetch(`${old.url}/simple/greetings/`, { headers: { Accept: SIMPLE_JSON } })
      ).json()) as { files: object[] }
      // warehouse writes `false`, under both names, when a file has no metadata file.
      expect(page.files[0]).toMatchObject({ 'core-metadata': false, 'data-dist-info-metadata': false })
      expect((await fetch(`${old.url}/files/${filename}.metadata`)).status).toBe(404)
    } finally {
      await old.stop()
    }
  })

  it('answers unknown projects, versions and files with 404 JSON', async () => {
    for (const path of [
      '/simple/nothing-here/',
      '/pypi/nothing-here/json',
      '/pypi/tinytable/9.9.9/json',
      '/files/nope-1.0-py3-none-any.whl',
      '/elsewhere',
    ]) {
      const res = await get(path, { headers: { Accept: SIMPLE_JSON } })
      expect(res.status, path).toBe(404)
      expect(await res.json()).toEqual({ message: 'Not Found' })
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
  })

  it('redirects non-normalised names to the PEP 503 form', async () => {
    for (const [from, to] of [
      ['/simple/TinyTable/', '/simple/tinytable/'],
      ['/simple/tinytable', '/simple/tinytable/'],
      ['/pypi/Tiny_Table/json', '/pypi/tiny-table/json'],
      ['/pypi/TinyTable/1.0.0/json', '/pypi/tinytable/1.0.0/json'],
    ]) {
      const res = await get(from, { redirect: 'manual' })
      expect(res.status, from).toBe(301)
      expect(res.headers.get('location')).toBe(`${pypi.url}${to}`)
    }
    expect((await getJson<PypiJson>('/pypi/TinyTable/json')).info.version).toBe('1.2.0') // followed
  })

  it('answers CORS preflight with 204', async () => {
    const res = await get('/pypi/tinytable/json', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    // warehouse/utils/cors.py: only GET, and these request headers (Accept is CORS-safelisted anyway).
    expect(res.headers.get('access-control-allow-methods')).toBe('GET')
    expect(res.headers.get('access-control-allow-headers')).toContain('If-None-Match')
  })

  it('says requires_dist: null on the JSON API for a release whose wheel declares dependencies', async () => {
    pypi.dropUploadMetadata('greetings', '0.3.0')
    const info = await getJson<PypiJson>('/pypi/greetings/json')
    expect(info.info.requires_dist).toBeNull()
    expect((await getJson<PypiJson>('/pypi/greetings/0.3.0/json')).info.requires_dist).toBeNull()
    // …while the wheel's own METADATA, and its PEP 658 file, still say tinytable>=1.1.
    const metadata = await (await fetch(`${info.urls[0].url}.metadata`)).text()
    expect(metadata).toMatch(/^Requires-Dist: tinytable>=1\.1$/m)
  })

  it('yanks a release (PEP 592) on both APIs, and info.version passes over it', async () => {
    const own = await startPypiServer()
    try {
      await own.addFromDir(`${packages}tinytable-old`)
      await own.addFromDir(`${packages}tinytable`)
      own.yank('tinytable', '1.2.0', 'broken build')
      const page = (await (
        await fetch(`${own.url}/simple/tinytable/`, { headers: { Accept: SIMPLE_JSON } })
      ).json()) as { files: Array<{ yanked: unknown }> }
      expect(page.files.map((f) => f.yanked)).toEqual([false, 'broken build'])
      const info = (await (await fetch(`${own.url}/pypi/tinytable/json`)).json()) as PypiJson & {
        releases: Record<string, Array<{ yanked: boolean; yanked_reason: string | null }>>
      }
      expect(info.info.version).toBe('1.0.0')
      expect(info.releases['1.2.0'][0]).toMatchObject({ yanked: true, yanked_reason: 'broken build' })
      const version = (await (await fetch(`${own.url}/pypi/tinytable/1.2.0/json`)).json()) as object
      expect(version).not.toHaveProperty('releases') // a version URL lists only its own files
    } finally {
      await own.stop()
    }
  })

  it('accepts prebuilt wheels, prefers final releases, and normalises names', async () => {
    pypi.addWheel(buildWheel({ name: 'Odd.Name_pkg', version: '2.0.0', files: { 'odd/__init__.py': '' } }))
    pypi.addWheel(buildWheel({ name: 'Odd.Name_pkg', version: '2.1.0rc1', files: { 'odd/__init__.py': '' } }))
    const info = await getJson<PypiJson>('/pypi/odd-name-pkg/json')
    expect(info.info).toMatchObject({ name: 'Odd.Name_pkg', version: '2.0.0' })
    expect(Object.keys(info.releases)).toEqual(['2.0.0', '2.1.0rc1'])
  })

  it('serves altered bytes after corrupt(), still advertising the true hash', async () => {
    const w = buildWheel({ name: 'fragile', version: '1.0', files: { 'fragile.py': 'X = 1\n' } })
    pypi.addWheel(w)
    expect(sha256(await (await get(`/files/${w.filename}`)).arrayBuffer())).toBe(w.sha256)
    pypi.corrupt(w.filename)
    const body = await (await get(`/files/${w.filename}`)).arrayBuffer()
    expect(body.byteLength).toBe(w.bytes.length)
    expect(sha256(body)).not.toBe(w.sha256)
    expect((await getJson<PypiJson>('/pypi/fragile/json')).urls[0].digests.sha256).toBe(w.sha256)
    expect(() => pypi.corrupt('missing.whl')).toThrow()
  })
})
