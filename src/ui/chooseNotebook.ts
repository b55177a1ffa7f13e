/** Which notebook a launch opens, following mybinder: the one named, the only one, or a list. */
export type NotebookChoice =
  | { kind: 'open'; path: string }
  | { kind: 'list'; paths: string[]; missing?: string }
  | { kind: 'none' }

export function chooseNotebook(notebooks: string[], labpath?: string): NotebookChoice {
  if (notebooks.length === 0) return { kind: 'none' }
  if (labpath) return notebooks.includes(labpath) ? { kind: 'open', path: labpath } : { kind: 'list', paths: notebooks, missing: labpath }
  if (notebooks.length === 1) return { kind: 'open', path: notebooks[0] }
  return { kind: 'list', paths: notebooks }
}
