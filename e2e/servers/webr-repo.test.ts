import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebR } from 'webr'
import { fileURLToPath } from 'node:url'
import { startWebrRepoServer, type WebrRepoServer } from './webr-repo'

let repo: WebrRepoServer
beforeAll(async () => {
  repo = await startWebrRepoServer()
  await repo.addFromDir(fileURLToPath(new URL('../fixtures/r-packages/greetr', import.meta.url)))
})
afterAll(() => repo.stop())

describe('webR repository fixture server', () => {
  it('lists the package in PACKAGES under the contrib folder of webR’s R version', async () => {
    const text = await (await fetch(`${repo.url}/bin/emscripten/contrib/4.6/PACKAGES`)).text()
    expect(text).toBe('Package: greetr\nVersion: 0.2.0\nLicense: MIT\nNeedsCompilation: no\n')
    const tgz = await fetch(`${repo.url}/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz`)
    expect(tgz.headers.get('access-control-allow-origin')).toBe('*')
    expect(new Uint8Array(await tgz.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]))
    expect((await fetch(`${repo.url}/bin/emscripten/contrib/4.6/PACKAGES.rds`)).status).toBe(404)
  })

  it('serves a package webR installs and loads', async () => {
    const webR = new WebR({
      baseUrl: fileURLToPath(new URL('../../node_modules/webr/dist/', import.meta.url)),
      interactive: false,
    })
    await webR.init()
    try {
      await webR.evalRVoid(`webr::install("greetr", repos = "${repo.url}", mount = FALSE, quiet = TRUE)`)
      expect(await webR.evalRString('library(greetr); greet("Ada")')).toBe('Hello, Ada, from greetr 0.2.0!')
    } finally {
      webR.close()
    }
  })
})
