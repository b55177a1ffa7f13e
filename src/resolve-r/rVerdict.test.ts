// The R verdict on Binder repositories: their files read by readEnvSpec, their packages resolved
// against a webR-format index, the reasons combined as the launch combines them. The repositories'
// files are written here (as the real ones are); with ../shared/real-binder-configs beside the
// project the same tests also run on the real files.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, REAL_CONFIGS } from '../shared/__fixtures__/realConfigs'
import { findEnvFiles, readEnvSpec, verdictOf, type EnvSpec } from '../environment'
import { WEBR_R_VERSION } from '../environment/r'
import { readPackagesIndex } from './packagesIndex'
import { rPackageReasons } from './rReasons'
import { resolveRPackages } from './resolveR'

// repo2docker chooses R only for runtime.txt `r-…-date` or a DESCRIPTION: install.R alone gets no R on a hub.
const INSTALL_R_ALONE = expect.objectContaining({
  level: 'note',
  file: 'install.R',
  text: expect.stringMatching(/repo2docker does not run it/),
})

noteIfNoRealConfigs('src/resolve-r/rVerdict.test.ts: R verdicts on the real files of 3 Binder repositories')

/** The configuration files of three real repositories, as they are there. */
const WRITTEN: Record<string, Record<string, string>> = {
  'ImperialCollegeLondon__RCDS-intro-to-r': {
    'binder/install.R': '### install regular packages\n\n',
    'binder/runtime.txt': 'r-4.1-2022-01-10',
  },
  'binder-examples__r-conda': {
    'environment.yml': 'channels:\n  - conda-forge\ndependencies:\n  - r-base=4.1.0\n  - r-tidyverse\n  ',
  },
  'binder-examples__dockerfile-rstudio': {
    Dockerfile:
      'FROM rocker/binder:3.4.2\n\n# Copy repo into ${HOME}, make user own $HOME\nUSER root\nCOPY . ${HOME}\n' +
      'RUN chown -R ${NB_USER} ${HOME}\nUSER ${NB_USER}\n\n## run any install.R script we find\n' +
      'RUN if [ -f install.R ]; then R --quiet -f install.R; fi\n',
  },
}
const INDEX = readPackagesIndex(
  readFileSync(fileURLToPath(new URL('./__fixtures__/PACKAGES', import.meta.url)), 'utf8'),
)
const CONTRIB = 'https://repo.test/bin/emscripten/contrib/4.6'

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)],
  )
}

async function specOf(files: Record<string, string>): Promise<EnvSpec> {
  return readEnvSpec(findEnvFiles(Object.keys(files)), async (p) => files[p])
}

async function realSpec(repo: string): Promise<EnvSpec> {
  const root = join(REAL_CONFIGS, repo)
  return specOf(Object.fromEntries(listFiles(root).map((p) => [relative(root, p), readFileSync(p, 'utf8')])))
}

/** readEnvSpec's reasons plus what resolving the R packages found, as prepareLaunch joins them. */
function rVerdict(spec: EnvSpec, isStrict = false) {
  const env = resolveRPackages(spec.r?.packages ?? [], INDEX, CONTRIB, WEBR_R_VERSION)
  return {
    env,
    verdict: verdictOf([...spec.reasons, ...rPackageReasons(env.drift, env.problems, WEBR_R_VERSION, isStrict)]),
  }
}

const SOURCES: Array<[string, (repo: string) => Promise<EnvSpec>]> = [
  ['written here', (repo) => specOf(WRITTEN[repo])],
  ...(hasRealConfigs ? [['the real files', realSpec] as [string, typeof realSpec]] : []),
]

describe.each(SOURCES)('R verdicts on Binder repositories (%s)', (_, load) => {
  it('ImperialCollegeLondon/RCDS-intro-to-r: runs in the browser, with R 4.1 and its 2022 snapshot reported as drift', async () => {
    const spec = await load('ImperialCollegeLondon__RCDS-intro-to-r')
    expect(spec.kind).toBe('r')
    const { verdict, env } = rVerdict(spec)
    expect(env.packages).toEqual([])
    expect(verdict).toEqual({
      kind: 'browser-with-warnings',
      reasons: [
        {
          level: 'warning',
          file: 'binder/runtime.txt',
          text: `asks for R 4.1; the browser runs R ${WEBR_R_VERSION} (webR)`,
        },
        {
          level: 'warning',
          file: 'binder/runtime.txt',
          text: "pins CRAN packages as of 2022-01-10; webR's repository has current builds only",
        },
      ],
    })
  })

  it('binder-examples/r-conda: tidyverse and what it imports come from webR’s repository; r-* is no longer "only Python"', async () => {
    const spec = await load('binder-examples__r-conda')
    expect(spec.kind).toBe('conda')
    const { verdict, env } = rVerdict(spec)
    expect(env.packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      'cli 3.6.5',
      'rlang 1.1.6',
      'ggplot2 3.5.2',
      'tidyverse 2.0.0',
    ])
    expect(env.packages.find((p) => p.name === 'ggplot2')).toMatchObject({
      requestedBy: 'environment.yml:5',
      neededBy: 'tidyverse',
    })
    expect(verdict.kind).toBe('browser-with-warnings')
    expect(verdict.reasons).toEqual([
      {
        level: 'warning',
        file: 'environment.yml',
        text: `asks for R 4.1.0; the browser runs R ${WEBR_R_VERSION} (webR)`,
      },
    ])
  })

  it('binder-examples/dockerfile-rstudio: a rocker Dockerfile stays a hub', async () => {
    const spec = await load('binder-examples__dockerfile-rstudio')
    expect(rVerdict(spec).verdict).toMatchObject({
      kind: 'hub',
      reasons: [expect.objectContaining({ level: 'hub', file: 'Dockerfile' })],
    })
  })
})

describe('R verdicts: what sends an R repository to a hub', () => {
  it('a package webR’s repository lacks, and one built for a newer R, with the file and line that asked', async () => {
    const spec = await specOf({ 'install.R': 'install.packages(c("ggplot2", "sf"))\ninstall.packages("newr")\n' })
    const { verdict } = rVerdict(spec)
    expect(verdict.kind).toBe('hub')
    expect(verdict.reasons).toEqual([
      INSTALL_R_ALONE,
      {
        level: 'hub',
        pkg: 'sf',
        file: 'install.R:1',
        text: "R package sf is not in webR's package repository, so the browser cannot install it.",
      },
      {
        level: 'hub',
        pkg: 'newr',
        file: 'install.R:2',
        text: `R package newr needs R >= 4.9.0; the browser runs R ${WEBR_R_VERSION} (webR).`,
      },
    ])
  })

  it('system() in install.R, and a start script that launches RStudio or Shiny', async () => {
    const spec = await specOf({
      'install.R': 'install.packages("cli")\nsystem("apt-get install -y libgdal")\n',
      start: '#!/bin/bash\nR -e "shiny::runApp(port = 8888)" &\nexec "$@"\n',
    })
    expect(rVerdict(spec).verdict.reasons).toEqual([
      INSTALL_R_ALONE,
      { level: 'hub', file: 'install.R', text: 'line 2: runs shell commands (system()), which the browser cannot' },
      { level: 'hub', file: 'start', text: 'starts a Shiny server (shiny::runApp), which only a hub can run' },
      {
        level: 'warning',
        file: 'start',
        text: 'start runs when a hub starts the server; the browser does not run it.',
      },
    ])
  })

  it('a start script launching RStudio Server is a hub reason even with no other R file', async () => {
    const spec = await specOf({
      'requirements.txt': 'numpy\n',
      start: '#!/bin/bash\nrstudio-server start\nexec "$@"\n',
    })
    expect(verdictOf(spec.reasons).reasons).toContainEqual({
      level: 'hub',
      file: 'start',
      text: 'starts RStudio Server (rstudio-server), which only a hub can run',
    })
  })

  it('DESCRIPTION Imports resolve like install.R; a version webR lacks is drift, hub in strict mode', async () => {
    const spec = await specOf({ DESCRIPTION: 'Package: analysis\nVersion: 0.1\nImports: rlang (>= 2.0.0), cli\n' })
    expect(spec.kind).toBe('r')
    expect(rVerdict(spec).verdict).toEqual({
      kind: 'browser-with-warnings',
      reasons: [
        {
          level: 'warning',
          file: 'DESCRIPTION',
          text: "the repository's own package analysis is not installed in the browser, only what it depends on; library(analysis) will not find it",
        },
        {
          level: 'warning',
          pkg: 'rlang',
          file: 'DESCRIPTION:3',
          text: "R package rlang >= 2.0.0 was asked for; webR's repository has rlang 1.1.6.",
        },
      ],
    })
    expect(rVerdict(spec, true).verdict.kind).toBe('hub')
  })

  it('a repository that declares no R has no R side', async () => {
    expect((await specOf({ 'requirements.txt': 'numpy\n' })).r).toBeUndefined()
  })
})
