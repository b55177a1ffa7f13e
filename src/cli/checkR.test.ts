// `quire check` on R folders, run in-process through main() (the same code the built bin runs),
// against the tests' local webR-format repository: no network.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, REAL_CONFIGS } from '../shared/__fixtures__/realConfigs'
import { startFixtureWebrRepo, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import { main } from './quire'

const repo = (name: string) => fileURLToPath(new URL(`../../e2e/fixtures/repos/${name}`, import.meta.url))
const REAL = (name: string) => join(REAL_CONFIGS, name)
noteIfNoRealConfigs('src/cli/checkR.test.ts: 1 test on the real binder-examples/r-conda')

/** A folder holding binder-examples/r-conda's environment.yml, as it is there. */
function writtenRConda(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quire-r-conda-'))
  writeFileSync(
    join(dir, 'environment.yml'),
    'channels:\n  - conda-forge\ndependencies:\n  - r-base=4.1.0\n  - r-tidyverse\n  ',
  )
  return dir
}

let webr: WebrRepoServer
beforeAll(async () => {
  webr = await startFixtureWebrRepo()
}, 60_000)
afterAll(() => webr.stop())

async function quire(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = { write: (s: string) => ((stdout += s), true) }
  const err = { write: (s: string) => ((stderr += s), true) }
  // main() only ever calls write() on its streams.
  const code = await main(argv, out as unknown as typeof process.stdout, err as unknown as typeof process.stderr)
  return { code, stdout, stderr }
}

/** r-conda asks for tidyverse, which the test repository lacks, and R 4.1.0. */
async function expectRCondaHub(dir: string): Promise<void> {
  const r = await quire('check', dir, '--webr-repo-url', webr.url)
  expect(r.code).toBe(1)
  expect(r.stdout).toMatch(/^verdict: hub \(needs a server\)/)
  expect(r.stdout).toContain("environment.yml:5: R package tidyverse is not in webR's package repository")
  expect(r.stdout).toContain('asks for R 4.1.0; the browser runs R 4.6.0 (webR)')
}

describe('quire check on R repositories', () => {
  it('an install.R whose packages webR’s repository has: exit 0, the R packages in the table', async () => {
    const r = await quire('check', repo('r-install'), '--webr-repo-url', webr.url)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    // environment: repo2docker's buildpack, which install.R alone does not make the R one (a note says so)
    expect(r.stdout).toMatch(/^verdict: browser\s+\(environment: default\)/)
    expect(r.stdout).toContain('repo2docker does not run it')
    expect(r.stdout).toContain('packages:')
    expect(r.stdout).toMatch(/greetr\s+0\.2\.0\s+webr/)
    expect(r.stdout).toMatch(/shoutr\s+1\.0\.1\s+webr/)
  })

  it('--json: the verdict, the packages and the R record with each binary’s URL', async () => {
    const r = await quire('check', repo('r-install'), '--webr-repo-url', webr.url, '--json')
    const json = JSON.parse(r.stdout)
    expect(json.verdict).toEqual({
      kind: 'browser',
      reasons: [expect.objectContaining({ level: 'note', file: 'install.R' })],
    })
    expect(json.packages).toEqual([
      {
        name: 'greetr',
        version: '0.2.0',
        source: 'webr',
        url: `${webr.url}/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz`,
      },
      {
        name: 'shoutr',
        version: '1.0.1',
        source: 'webr',
        url: `${webr.url}/bin/emscripten/contrib/4.6/shoutr_1.0.1.tgz`,
      },
    ])
    expect(json.r).toMatchObject({ repoUrl: webr.url, rVersion: '4.6.0', drift: [], problems: [] })
  })

  it('a repository whose package webR’s repository lacks (binder-examples/r-conda, written here): exit 1', () =>
    expectRCondaHub(writtenRConda()))

  it.skipIf(!hasRealConfigs)('the real binder-examples/r-conda: exit 1 with the reason', () =>
    expectRCondaHub(REAL('binder-examples__r-conda')),
  )

  it('exit 2 with INDEX_UNREACHABLE when the webR repository cannot be read', async () => {
    const r = await quire('check', repo('r-install'), '--webr-repo-url', `${webr.url}/missing`)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('INDEX_UNREACHABLE')
  })
})
