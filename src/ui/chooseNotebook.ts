/**
 * Which notebook a launch opens, following mybinder: the one named, the only one, or a list.
 * A `labpath` naming another file of the repository (a README, a CSV) opens that file beside the
 * first notebook, whose kernel the repository's session needs. A `labpath` naming a jupytext text
 * notebook (`isTextNotebook`, a `.md` or `.py` with a jupytext header) opens it as the notebook.
 */
export type NotebookChoice =
  | { kind: 'open'; path: string; alsoOpen?: string }
  | { kind: 'list'; paths: string[]; missing?: string }
  | { kind: 'none' }

export function chooseNotebook(
  notebooks: string[],
  labpath?: string,
  files: readonly string[] = [],
  isTextNotebook: (path: string) => boolean = () => false,
): NotebookChoice {
  if (labpath && files.includes(labpath) && isTextNotebook(labpath)) return { kind: 'open', path: labpath }
  if (notebooks.length === 0) return { kind: 'none' }
  if (labpath && notebooks.includes(labpath)) return { kind: 'open', path: labpath }
  if (labpath && files.includes(labpath)) return { kind: 'open', path: notebooks[0], alsoOpen: labpath }
  // A folder (urlpath=tree/<folder>, lab/tree/<folder>, voila/tree/<folder>): the notebooks in it.
  const inFolder = labpath ? notebooks.filter((p) => p.startsWith(`${labpath}/`)) : []
  if (inFolder.length > 0) return { kind: 'list', paths: inFolder }
  if (labpath) return { kind: 'list', paths: notebooks, missing: labpath }
  if (notebooks.length === 1) return { kind: 'open', path: notebooks[0] }
  return { kind: 'list', paths: notebooks }
}

/** What the launch fetched, as far as choosing a notebook needs it. */
export interface LaunchFiles {
  notebooks: string[]
  files: ReadonlyArray<{ path: string; data: Uint8Array }>
}

/**
 * chooseNotebook for a prepared launch. The jupytext reader (and its YAML parser) is loaded only
 * when `labpath` names a `.md` or `.py` file, so the launch page stays light otherwise.
 */
export async function chooseLaunchNotebook(launch: LaunchFiles, labpath?: string): Promise<NotebookChoice> {
  const paths = launch.files.map((f) => f.path)
  const file = labpath && /\.(md|py)$/i.test(labpath) ? launch.files.find((f) => f.path === labpath) : undefined
  if (!file) return chooseNotebook(launch.notebooks, labpath, paths)
  const text = new TextDecoder().decode(file.data)
  const { isTextNotebook } = await import('../notebook/jupytext')
  return chooseNotebook(launch.notebooks, labpath, paths, (p) => p === file.path && isTextNotebook(p, text))
}
