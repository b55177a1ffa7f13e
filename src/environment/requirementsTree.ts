// requirements.txt with its `-r` includes, read in pip's order.
import {
  BadRequirementError,
  dirName,
  joinRepoPath,
  parseRequirements,
  type Requirement,
  type RequirementOption,
} from '../resolve'

export type ReadFile = (path: string) => Promise<string>

export interface Collected {
  requirements: Requirement[]
  options: RequirementOption[]
  constraints: Requirement[] // from `-c` files: they narrow versions but add no package
}

/** The file an `-r` line includes, relative to the including file as pip does.
 *  https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files */
export async function readInclude(
  option: RequirementOption,
  chain: string[],
  read: ReadFile,
): Promise<[string, string]> {
  const where = { file: option.file, line: option.line, text: `${option.flag} ${option.value}` }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(option.value)) {
    throw new BadRequirementError(
      where,
      'including a requirements file from a URL is not supported',
      'Copy that file into the repository and include it by path.',
    )
  }
  const included = joinRepoPath(dirName(option.file), option.value)
  if (included === null) {
    throw new BadRequirementError(
      where,
      'the included file is outside the repository',
      'Include a file inside the repository.',
    )
  }
  if (chain.includes(included)) {
    throw new BadRequirementError(where, `${included} includes itself`, 'Remove the circular -r line.')
  }
  try {
    return [included, await read(included)]
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new BadRequirementError(
      where,
      `cannot read ${included} (${why})`,
      'Check the path; it is relative to the file that includes it.',
    )
  }
}

/** Parse `path` and, in place of each `-r` line, the file it includes (pip's order). */
export async function readRequirementsTree(
  path: string,
  text: string,
  read: ReadFile,
  chain: string[],
  out: Collected,
): Promise<void> {
  const parsed = parseRequirements(text, path)
  const items = [
    ...parsed.requirements.map((r) => ({ line: r.line, requirement: r })),
    ...parsed.options.map((o) => ({ line: o.line, option: o })),
  ].sort((a, b) => a.line - b.line) // stable: a requirement precedes options on its own line
  for (const item of items) {
    if ('requirement' in item) out.requirements.push(item.requirement)
    else if (item.option.kind === 'constraint') {
      const [included, includedText] = await readInclude(item.option, [...chain, path], read)
      out.constraints.push(...parseRequirements(includedText, included).requirements)
    } else if (item.option.kind !== 'requirement') out.options.push(item.option)
    else {
      const [included, includedText] = await readInclude(item.option, [...chain, path], read)
      await readRequirementsTree(included, includedText, read, [...chain, path], out)
    }
  }
}
