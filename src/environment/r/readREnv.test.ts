import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, REAL_CONFIGS as REAL } from '../../shared/__fixtures__/realConfigs'
import { findEnvFiles } from '../findEnvFiles'
import { readREnv } from './readREnv'

noteIfNoRealConfigs('src/environment/r/readREnv.test.ts: readREnv on real Binder repositories')
const WEBR_R = '4.6.0'

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? listFiles(p) : [p]
  })
}

/** readREnv over a real repository's files, as the launch would find them. */
async function readReal(repo: string) {
  const root = join(REAL, repo)
  const found = findEnvFiles(listFiles(root).map((p) => relative(root, p)))
  return readREnv(found, async (path) => readFileSync(join(root, path), 'utf8'), WEBR_R)
}

describe.skipIf(!hasRealConfigs)('readREnv on real Binder repositories', () => {
  it('ImperialCollegeLondon/RCDS-intro-to-r: R 4.1 with a 2022 snapshot, an install.R with no installs yet', async () => {
    const env = await readReal('ImperialCollegeLondon__RCDS-intro-to-r')
    expect(env.isR).toBe(true)
    expect(env.runtime).toEqual({ version: '4.1', date: '2022-01-10', file: 'binder/runtime.txt' })
    expect(env.packages).toEqual([])
    expect(env.reasons).toEqual([
      { level: 'warning', file: 'binder/runtime.txt', text: 'asks for R 4.1; the browser runs R 4.6.0 (webR)' },
      {
        level: 'warning',
        file: 'binder/runtime.txt',
        text: "pins CRAN packages as of 2022-01-10; webR's repository has current builds only",
      },
    ])
  })

  it('binder-examples/r-conda: tidyverse from conda, R from r-base', async () => {
    const env = await readReal('binder-examples__r-conda')
    expect(env.isR).toBe(true)
    expect(env.packages).toEqual([{ name: 'tidyverse', file: 'environment.yml', line: 5, source: 'environment.yml' }])
    expect(env.runtime).toEqual({ version: '4.1.0', file: 'environment.yml' })
    expect(env.reasons.map((r) => r.text)).toEqual(['asks for R 4.1.0; the browser runs R 4.6.0 (webR)'])
  })

  it('binder-examples/dockerfile-rstudio: a rocker image goes to the hub, with its R version', async () => {
    const env = await readReal('binder-examples__dockerfile-rstudio')
    expect(env.isR).toBe(true)
    expect(env.runtime).toEqual({ version: '3.4.2', file: 'Dockerfile' })
    expect(env.reasons).toContainEqual({
      level: 'hub',
      file: 'Dockerfile',
      text: 'builds its own R image from rocker/binder:3.4.2 (RStudio/Shiny), which only a hub can run',
    })
  })

  it('a Python repository is not an R one', async () => {
    const env = await readReal('binder-examples__conda')
    expect(env).toEqual({ isR: false, packages: [], reasons: [] })
  })
})

/** readREnv over files written here, in the shapes of the real repositories above. */
async function readWritten(files: Record<string, string>) {
  return readREnv(findEnvFiles(Object.keys(files)), async (path) => files[path] ?? '', WEBR_R)
}

describe('readREnv on written repositories', () => {
  it('binder/runtime.txt r-4.1-2022-01-10 and an install.R with only a comment: drift, no packages', async () => {
    const env = await readWritten({
      'binder/install.R': '### install regular packages\n\n',
      'binder/runtime.txt': 'r-4.1-2022-01-10',
    })
    expect(env.isR).toBe(true)
    expect(env.runtime).toEqual({ version: '4.1', date: '2022-01-10', file: 'binder/runtime.txt' })
    expect(env.packages).toEqual([])
    expect(env.reasons.map((r) => r.text)).toEqual([
      'asks for R 4.1; the browser runs R 4.6.0 (webR)',
      "pins CRAN packages as of 2022-01-10; webR's repository has current builds only",
    ])
  })

  it('environment.yml with r-base=4.1.0 and r-tidyverse', async () => {
    const env = await readWritten({
      'environment.yml': 'channels:\n  - conda-forge\ndependencies:\n  - r-base=4.1.0\n  - r-tidyverse\n  ',
    })
    expect(env.packages).toEqual([{ name: 'tidyverse', file: 'environment.yml', line: 5, source: 'environment.yml' }])
    expect(env.runtime).toEqual({ version: '4.1.0', file: 'environment.yml' })
  })

  it('a rocker Dockerfile goes to the hub with its R version', async () => {
    const env = await readWritten({ Dockerfile: 'FROM rocker/binder:3.4.2\nUSER root\nCOPY . ${HOME}\n' })
    expect(env.runtime).toEqual({ version: '3.4.2', file: 'Dockerfile' })
    expect(env.reasons).toContainEqual(expect.objectContaining({ level: 'hub', file: 'Dockerfile' }))
  })

  it('a Python-only environment.yml is not R', async () => {
    const env = await readWritten({ 'environment.yml': 'dependencies:\n  - python=3.11\n  - numpy\n  - dask\n' })
    expect(env).toEqual({ isR: false, packages: [], reasons: [] })
  })

  it('reports no drift when runtime.txt names the R that webR runs', async () => {
    const found = findEnvFiles(['runtime.txt'])
    const env = await readREnv(found, async () => 'r-4.6', WEBR_R)
    expect(env.reasons).toEqual([])
  })
})
