// A repository's R environment from the files findEnvFiles picked (repo2docker's places):
// runtime.txt, install.R, DESCRIPTION, environment.yml, a rocker Dockerfile, and a `start` that
// launches RStudio or Shiny.
import type { EnvFiles, ReadFile } from '../index'
import type { Reason } from '../verdict'
import { readCondaR } from './condaR'
import { readDescription } from './description'
import { readRockerDockerfile } from './dockerfile'
import { readInstallR } from './installR'
import { rDriftReasons, readRuntimeTxt } from './runtimeTxt'
import type { REnvSpec, RVersionRequest } from './types'

export interface REnvResult extends REnvSpec {
  /** Whether anything here asks for R: then the repository's notebooks want the `ir` kernel. */
  isR: boolean
}

/** `webrR`: the R version webR runs (e.g. '4.6.0'), to report drift against. */
export async function readREnv(found: EnvFiles, read: ReadFile, webrR: string): Promise<REnvResult> {
  const { files } = found
  const out: REnvResult = { isR: false, packages: [], reasons: [] }
  const note = (r: { reasons: Reason[] }) => out.reasons.push(...r.reasons)
  let asked: RVersionRequest | undefined
  if (files['runtime.txt']) {
    asked = readRuntimeTxt(await read(files['runtime.txt']), files['runtime.txt'])
    if (asked) out.runtime = asked
  }
  if (files['install.R']) {
    const r = readInstallR(await read(files['install.R']), files['install.R'])
    out.packages.push(...r.packages)
    note(r)
    out.isR = true
  }
  if (files.DESCRIPTION) {
    const r = readDescription(await read(files.DESCRIPTION), files.DESCRIPTION)
    out.packages.push(...r.packages)
    note(r)
    out.isR = true
  }
  if (files['environment.yml']) {
    const file = files['environment.yml']
    const r = readCondaR(await read(file), file)
    out.packages.push(...r.packages)
    note(r)
    if (r.rVersion) asked ??= { version: r.rVersion, file }
    out.isR ||= r.rVersion !== undefined || r.packages.length > 0
  }
  if (files.Dockerfile) {
    const file = files.Dockerfile
    const r = readRockerDockerfile(await read(file), file)
    if (r) {
      note(r)
      if (r.rVersion) asked ??= { version: r.rVersion, file }
      out.isR = true
    }
  }
  if (files.start) {
    const file = files.start
    // Binder's `start` may launch RStudio or a Shiny server beside Jupyter: a server the browser has not.
    const m = /\b(rstudio-server|rserver|shiny-server|shiny::runApp|runApp\s*\()/.exec(await read(file))
    if (m) {
      out.reasons.push({
        level: 'hub',
        file,
        text: `starts ${/shiny|runApp/i.test(m[1]) ? 'a Shiny server' : 'RStudio Server'} (${m[1].replace(/\s*\($/, '()')}), which only a hub can run`,
      })
      out.isR = true
    }
  }
  out.isR ||= asked !== undefined
  if (asked) {
    out.runtime = asked
    out.reasons.push(...rDriftReasons(asked, webrR))
  }
  return out
}
