// Read the environment files found by findEnvFiles into an EnvSpec. Only requirements.txt is
// read for packages so far; environment.yml, Pipfile and the hub verdict come later.
import {
  BadRequirementError, dirName, joinRepoPath, parseRequirements,
  type Requirement, type RequirementOption,
} from '../resolve'
import { ENV_FILE_NAMES, type ConfigDir, type EnvFileName, type EnvFiles } from './findEnvFiles'

export interface EnvSpec {
  requirements: Requirement[]       // requirements.txt with its `-r` includes, in pip's order
  options: RequirementOption[]      // option lines of those files (index URLs, -e, -c …), as data
  runtime?: string                  // first line of runtime.txt, e.g. 'python-3.10' or 'r-4.1-2022-01-10'
  configDir: ConfigDir
  found: string[]                   // repository-relative paths of every recognised file
  needsHub: Array<{ file: string; reason: string }>
}

export type ReadFile = (path: string) => Promise<string>

const NEEDS_HUB: Partial<Record<EnvFileName, string>> = {
  'Dockerfile': 'A Dockerfile builds a custom container image, which cannot run in a browser.',
  'apt.txt': 'apt.txt installs Debian system packages, which do not exist in a browser.',
  'install.R': 'install.R sets up R packages; the browser runs only Python.',
  'DESCRIPTION': 'DESCRIPTION makes this an R package; the browser runs only Python.',
  'Project.toml': 'Project.toml sets up a Julia environment; the browser runs only Python.',
  'JuliaProject.toml': 'JuliaProject.toml sets up a Julia environment; the browser runs only Python.',
  'REQUIRE': 'REQUIRE sets up a Julia environment; the browser runs only Python.',
  'default.nix': 'default.nix builds the environment with Nix, which cannot run in a browser.',
}

type Collected = Pick<EnvSpec, 'requirements' | 'options'>

/** The file an `-r` line includes, relative to the including file as pip does.
 *  https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files */
async function readInclude(option: RequirementOption, chain: string[], read: ReadFile): Promise<[string, string]> {
  const where = { file: option.file, line: option.line, text: `${option.flag} ${option.value}` }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(option.value)) {
    throw new BadRequirementError(where, 'including a requirements file from a URL is not supported', 'Copy that file into the repository and include it by path.')
  }
  const included = joinRepoPath(dirName(option.file), option.value)
  if (included === null) {
    throw new BadRequirementError(where, 'the included file is outside the repository', 'Include a file inside the repository.')
  }
  if (chain.includes(included)) {
    throw new BadRequirementError(where, `${included} includes itself`, 'Remove the circular -r line.')
  }
  try {
    return [included, await read(included)]
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new BadRequirementError(where, `cannot read ${included} (${why})`, 'Check the path; it is relative to the file that includes it.')
  }
}

/** Parse `path` and, in place of each `-r` line, the file it includes (pip's order). */
async function readRequirementsTree(path: string, text: string, read: ReadFile, chain: string[],
  out: Collected): Promise<void> {
  const parsed = parseRequirements(text, path)
  const items = [
    ...parsed.requirements.map((r) => ({ line: r.line, requirement: r })),
    ...parsed.options.map((o) => ({ line: o.line, option: o })),
  ].sort((a, b) => a.line - b.line) // stable: a requirement precedes options on its own line
  for (const item of items) {
    if ('requirement' in item) out.requirements.push(item.requirement)
    else if (item.option.kind !== 'requirement') out.options.push(item.option)
    else {
      const [included, includedText] = await readInclude(item.option, [...chain, path], read)
      await readRequirementsTree(included, includedText, read, [...chain, path], out)
    }
  }
}

export async function readEnvSpec(files: EnvFiles, read: ReadFile): Promise<EnvSpec> {
  const found = ENV_FILE_NAMES.flatMap((name) => files.files[name] ?? [])
  const needsHub = ENV_FILE_NAMES.flatMap((name) => {
    const file = files.files[name]
    const reason = NEEDS_HUB[name]
    return file !== undefined && reason !== undefined ? [{ file, reason }] : []
  })
  const tree: Collected = { requirements: [], options: [] }
  const requirementsTxt = files.files['requirements.txt']
  if (requirementsTxt !== undefined) {
    await readRequirementsTree(requirementsTxt, await read(requirementsTxt), read, [], tree)
  }
  const runtimeTxt = files.files['runtime.txt']
  const runtime = runtimeTxt === undefined ? undefined
    : (await read(runtimeTxt)).split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'))
  return { ...tree, ...(runtime ? { runtime } : {}), configDir: files.configDir, found, needsHub }
}
