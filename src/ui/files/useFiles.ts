import { useEffect, useState } from 'preact/hooks'
import type { FileActions } from '../../session/fileActions'
import type { WorkspaceFile } from '../../notebook/workspace'
import { nameErrorText } from './nameError'

export interface FilesState {
  files: WorkspaceFile[]
  folders: string[]
  deleted: string[]
  error: string | null
  /** Runs an action and keeps its error for the panel to show, instead of an unhandled rejection. */
  run(action: () => Promise<unknown>): void
  /** Shows an error from an action that ran elsewhere (the name field keeps name errors itself). */
  fail(error: unknown): void
}

/** The workspace's file list, re-read whenever the overlay changes. */
export function useFiles(actions: FileActions): FilesState {
  const [files, setFiles] = useState(() => actions.list())
  const [folders, setFolders] = useState(() => actions.folders())
  const [deleted, setDeleted] = useState(() => actions.deleted())
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const refresh = () => {
      setFiles(actions.list())
      setFolders(actions.folders())
      setDeleted(actions.deleted())
    }
    refresh()
    return actions.onChange(refresh)
  }, [actions])
  // A refused name outside the name field (an upload's file name) gets the same words as in it.
  const fail = (e: unknown) => setError(nameErrorText(e) ?? (e instanceof Error ? e.message : String(e)))
  const run = (action: () => Promise<unknown>) => {
    setError(null)
    action().catch(fail)
  }
  return { files, folders, deleted, error, run, fail }
}

/** Starts a download of a blob under `name`, as a link click would. */
export function saveBlob(name: string, blob: Blob): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}
