// A package repository in webR's format for tests: CRAN's layout under
// `bin/emscripten/contrib/<R major.minor>/` (PACKAGES + <pkg>_<version>.tgz), with CORS, since
// webR downloads from the page's origin. Only the plain PACKAGES index and .tgz files are served;
// webR's other forms (PACKAGES.rds/.gz, mountable .data images) answer 404 and webR falls back.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createRPackageBuilder, type BuiltRPackage } from './webr-package'

export interface WebrRepoServer {
  /** `http://127.0.0.1:PORT`, no trailing slash: the value for `webrRepoUrl`. */
  url: string
  addFromDir(dir: string): Promise<BuiltRPackage>
  /** Paths requested so far, for tests to see what webR fetched. */
  requests: string[]
  stop(): Promise<void>
}

const INDEX_FIELDS = ['Depends', 'Imports', 'LinkingTo', 'License']

function packagesIndex(pkgs: BuiltRPackage[]): string {
  return pkgs
    .map((p) => {
      const lines = [`Package: ${p.name}`, `Version: ${p.version}`]
      for (const f of INDEX_FIELDS) if (p.fields[f]) lines.push(`${f}: ${p.fields[f]}`)
      lines.push('NeedsCompilation: no')
      return lines.join('\n') + '\n'
    })
    .join('\n')
}

export async function startWebrRepoServer(): Promise<WebrRepoServer> {
  const builder = createRPackageBuilder()
  const pkgs = new Map<string, BuiltRPackage>()
  const requests: string[] = []
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(path)
    const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }
    const m = /^\/bin\/emscripten\/contrib\/([^/]+)\/(.+)$/.exec(path)
    const inContrib = m ? [...pkgs.values()].filter((p) => p.rMinor === m[1]) : []
    if (m && m[2] === 'PACKAGES')
      return void res.writeHead(200, { ...headers, 'Content-Type': 'text/plain' }).end(packagesIndex(inContrib))
    const tgz = m && inContrib.find((p) => `${p.name}_${p.version}.tgz` === m[2])
    if (tgz)
      return void res
        .writeHead(200, { ...headers, 'Content-Type': 'application/x-gzip', 'Content-Length': tgz.tgz.length })
        .end(tgz.tgz)
    res.writeHead(404, headers).end('not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async addFromDir(dir) {
      const built = await builder.build(dir)
      pkgs.set(built.name, built)
      return built
    },
    async stop() {
      builder.close()
      // A browser keeps its connections alive; close them, or close() waits for them.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The unit tests' repository: the fixture packages greetr and shoutr (shoutr imports greetr). */
export async function startFixtureWebrRepo(): Promise<WebrRepoServer> {
  const repo = await startWebrRepoServer()
  try {
    for (const p of ['greetr', 'shoutr'])
      await repo.addFromDir(fileURLToPath(new URL(`../fixtures/r-packages/${p}`, import.meta.url)))
  } catch (e) {
    await repo.stop()
    throw e
  }
  return repo
}
