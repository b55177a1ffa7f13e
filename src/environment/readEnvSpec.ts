// Read the environment files found by findEnvFiles into an EnvSpec, choosing among them as
// repo2docker's buildpacks do (first match wins, in repo2docker/buildpacks/__init__.py order):
// Dockerfile, Nix, Julia, R, conda (environment.yml), Pipfile, then requirements.txt / setup.py.
// https://repo2docker.readthedocs.io/en/latest/usage/config_files.html
import type { Requirement, RequirementOption } from '../resolve'
import { isNonPythonConda, SERVER_ONLY } from './condaNames'
import { readEnvironmentYml } from './environmentYml'
import { ENV_FILE_NAMES, type ConfigDir, type EnvFileName, type EnvFiles } from './findEnvFiles'
import { readPyproject, readSetupPy } from './localPackage'
import { readPipfile, readPipfileLock } from './pipfile'
import { readPostBuild } from './postBuild'
import { runtimeTxtReason } from './python'
import { parseRuntimeTxt } from './runtimeTxt'
import { readREnv, WEBR_R_VERSION, type REnvResult } from './r'
import { readInclude, readRequirementsTree, type Collected, type ReadFile } from './requirementsTree'
import type { Reason } from './verdict'

export type { ReadFile } from './requirementsTree'

/** Which of repo2docker's buildpacks the repository selects. */
export type EnvKind = 'dockerfile' | 'nix' | 'julia' | 'r' | 'conda' | 'pipfile' | 'python' | 'default'

export interface EnvSpec {
  kind: EnvKind
  requirements: Requirement[] // what the chosen files ask for, in the order they ask
  options: RequirementOption[] // option lines of requirements files (index URLs, -e …), as data
  constraints: Requirement[] // `-c` files: narrow versions, add nothing
  runtime?: string // first line of runtime.txt, e.g. 'python-3.10' or 'r-4.1-2022-01-10'
  configDir: ConfigDir
  found: string[] // repository-relative paths of every recognised file
  reasons: Reason[] // per file and per package; see verdict.ts
  r?: REnvResult // set when the repository declares R: its packages, for webR (src/resolve-r)
}

const HUB_FILES: Array<[EnvFileName, EnvKind, string]> = [
  [
    'Dockerfile',
    'dockerfile',
    'builds a custom container image, which cannot run in a browser; repo2docker then ignores every other file.',
  ],
  ['default.nix', 'nix', 'builds the environment with Nix, which cannot run in a browser.'],
  ['Project.toml', 'julia', 'sets up a Julia environment; the browser runs only Python.'],
  ['JuliaProject.toml', 'julia', 'sets up a Julia environment; the browser runs only Python.'],
  ['REQUIRE', 'julia', 'sets up a Julia environment; the browser runs only Python.'],
]

const hub = (file: string, text: string): Reason => ({ level: 'hub', file, text: `${file} ${text}` })

/** Options that pip would act on but Quire does not, said out loud. */
function optionReasons(options: RequirementOption[]): Reason[] {
  return options.map((o): Reason => {
    const file = `${o.file}:${o.line}`
    // pip's convention: --index-url names a simple index; Quire reads it through the JSON simple API (PEP 691).
    if (o.kind === 'index-url')
      return {
        level: 'note',
        file,
        text: `${o.flag} ${o.value}: packages not in Pyodide come from this simple index (it must serve PEP 691 JSON with CORS).`,
      }
    // Read like pip's, each as a simple index too; per version the first index that has it wins
    // (src/resolve/multiIndex.ts).
    if (o.kind === 'extra-index-url')
      return {
        level: 'note',
        file,
        text: `${o.flag} ${o.value}: packages not in Pyodide are also looked up in this simple index, after the main one (it must serve PEP 691 JSON with CORS).`,
      }
    if (o.kind === 'editable' && /^\.\/?$/.test(o.value))
      return {
        level: 'note',
        file,
        text: '-e . : the repository folder is on sys.path, so its pure-Python package imports from there.',
      }
    if (o.kind === 'editable')
      return {
        level: 'hub',
        file,
        text: `-e ${o.value} installs a source checkout, which needs a build the browser cannot run.`,
      }
    return { level: 'note', file, text: `${o.flag}${o.value ? ` ${o.value}` : ''} is ignored in the browser.` }
  })
}

async function readPython(
  files: EnvFiles['files'],
  read: ReadFile,
  out: Collected & { reasons: Reason[] },
  runtimeName: string | undefined,
): Promise<EnvKind> {
  const isPythonOff = runtimeName !== undefined && runtimeName !== 'python'
  const yml = files['environment.yml']
  const lock = files['Pipfile.lock']
  const pipfile = files.Pipfile
  const txt = files['requirements.txt']
  if (yml !== undefined) {
    const env = readEnvironmentYml(await read(yml), yml)
    out.requirements.push(...env.requirements)
    out.reasons.push(...env.reasons)
    for (const o of env.options) {
      if (o.kind !== 'requirement') {
        out.options.push(o)
        continue
      }
      const [included, text] = await readInclude(o, [yml], read)
      await readRequirementsTree(included, text, read, [yml], out)
    }
    const isIncluded = out.requirements.some((r) => r.file === txt) // `- pip: [-r requirements.txt]`
    if (txt !== undefined && !isIncluded)
      out.reasons.push({
        level: 'note',
        file: txt,
        text: `${txt} is ignored: ${yml} takes precedence, as on Binder.`,
      })
    return 'conda'
  }
  if (lock !== undefined || pipfile !== undefined) {
    const env =
      lock !== undefined
        ? readPipfileLock(await read(lock), lock)
        : readPipfile(await read(pipfile ?? ''), pipfile ?? '')
    out.requirements.push(...env.requirements)
    out.reasons.push(...env.reasons)
    for (const ignored of [lock !== undefined ? pipfile : undefined, txt]) {
      if (ignored !== undefined)
        out.reasons.push({
          level: 'note',
          file: ignored,
          text: `${ignored} is ignored: ${lock ?? pipfile} takes precedence, as on Binder.`,
        })
    }
    return isPythonOff ? 'default' : 'pipfile'
  }
  if (txt !== undefined) await readRequirementsTree(txt, await read(txt), read, [], out)
  for (const [name, reader] of [
    ['setup.py', readSetupPy],
    ['pyproject.toml', readPyproject],
  ] as const) {
    const file = files[name]
    if (file === undefined) continue
    const pkg = reader(await read(file), file)
    out.requirements.push(...pkg.requirements)
    out.reasons.push(...pkg.reasons)
  }
  const isPython = txt !== undefined || files['setup.py'] !== undefined || files['pyproject.toml'] !== undefined
  // repo2docker's Python buildpack also answers to a runtime.txt `python-…` alone.
  return (isPython || runtimeName === 'python') && !isPythonOff ? 'python' : 'default'
}

export async function readEnvSpec(files: EnvFiles, read: ReadFile): Promise<EnvSpec> {
  const found = ENV_FILE_NAMES.flatMap((name) => files.files[name] ?? [])
  const base = { configDir: files.configDir, found, requirements: [], options: [], constraints: [] }
  const dockerfile = files.files.Dockerfile
  if (dockerfile !== undefined) return { ...base, kind: 'dockerfile', reasons: [hub(dockerfile, HUB_FILES[0][2])] }

  const out: Collected & { reasons: Reason[] } = { requirements: [], options: [], constraints: [], reasons: [] }
  let kind: EnvKind | undefined
  for (const [name, k, text] of HUB_FILES) {
    const file = files.files[name]
    if (file === undefined) continue
    kind ??= k
    out.reasons.push(hub(file, text))
  }
  // repo2docker's R buildpack: a runtime.txt `r-…` with a date, or a root DESCRIPTION without a
  // binder folder (findEnvFiles keeps DESCRIPTION only then). install.R alone does not choose it.
  if (files.files.DESCRIPTION !== undefined) kind ??= 'r'
  const runtimeTxt = files.files['runtime.txt']
  const rt = runtimeTxt === undefined ? undefined : parseRuntimeTxt(await read(runtimeTxt))
  const runtime = rt?.line || undefined
  if (runtimeTxt !== undefined && rt !== undefined) {
    const reason = runtimeTxtReason(rt, runtimeTxt)
    if (reason) out.reasons.push(reason)
    if (rt.isValid && rt.name === 'r' && rt.date !== undefined) kind ??= 'r'
  }
  // The Python and Pipfile buildpacks step aside for a runtime.txt naming something else.
  const runtimeName = rt?.isValid === true ? rt.name : undefined
  const pyKind = await readPython(files.files, read, out, runtimeName)
  const r = await readREnv(files, read, WEBR_R_VERSION)
  const installR = files.files['install.R']
  if (installR !== undefined && kind !== 'r')
    out.reasons.push({
      level: 'note',
      file: installR,
      text: `${installR} runs in the browser's R, but repo2docker does not run it without a runtime.txt \`r-<version>-<YYYY-MM-DD>\` or a DESCRIPTION: on a hub this repository gets no R.`,
    })
  // conda's r-* packages are R's to resolve, not Python's to reject.
  if (r.isR)
    out.reasons = [...out.reasons.filter((x) => !(x.pkg && isNonPythonConda(x.pkg) === 'an R package')), ...r.reasons]
  const apt = files.files['apt.txt']
  if (apt !== undefined) out.reasons.push(hub(apt, 'installs Debian system packages, which do not exist in a browser.'))
  const postBuild = files.files.postBuild
  if (postBuild !== undefined) {
    const pb = readPostBuild(await read(postBuild), postBuild)
    out.reasons.push(pb.reason)
    out.requirements.push(...pb.requirements)
  }
  const start = files.files.start
  if (start !== undefined)
    out.reasons.push({
      level: 'warning',
      file: start,
      text: `${start} runs when a hub starts the server; the browser does not run it.`,
    })
  out.reasons.push(...optionReasons(out.options))
  out.requirements = out.requirements.filter((r) => {
    if (!SERVER_ONLY.has(r.normalized)) return true
    out.reasons.push({
      level: 'note',
      file: `${r.file}:${r.line}`,
      pkg: r.name,
      text: `${r.name} is part of a Jupyter server or a tool outside Python; the browser page stands in for it.`,
    })
    return false
  })
  if (kind === undefined && pyKind === 'default' && !r.isR) {
    out.reasons.push({
      level: 'note',
      text: 'No environment files: the default environment (Python 3.14 with Pyodide’s packages on import).',
    })
  }
  return { ...base, ...out, kind: kind ?? pyKind, ...(runtime ? { runtime } : {}), ...(r.isR ? { r } : {}) }
}
