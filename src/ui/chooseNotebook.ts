/**
 * Which notebook a launch opens, following mybinder: the one named, the only one, or a list.
 * A `labpath` naming another file of the repository (a README, a CSV) opens that file beside the
 * first notebook, whose kernel the repository's session needs.
 */
export type NotebookChoice =
  | { kind: 'open'; path: string; alsoOpen?: string }
  | { kind: 'list'; paths: string[]; missing?: string }
  | { kind: 'none' }

export function chooseNotebook(notebooks: string[], labpath?: string, files: readonly string[] = []): NotebookChoice {
  if (notebooks.length === 0) return { kind: 'none' }
  if (labpath && notebooks.includes(labpath)) return { kind: 'open', path: labpath }
  if (labpath && files.includes(labpath)) return { kind: 'open', path: notebooks[0], alsoOpen: labpath }
  if (labpath) return { kind: 'list', paths: notebooks, missing: labpath }
  if (notebooks.length === 1) return { kind: 'open', path: notebooks[0] }
  return { kind: 'list', paths: notebooks }
}
