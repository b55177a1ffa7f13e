import { useEffect, useState } from 'preact/hooks'
import type { HistoryActions, HistoryFile, HistoryVersion } from '../../session/historyActions'

export interface HistoryState {
  files: HistoryFile[] | null
  selected: string | null
  versions: HistoryVersion[] | null
  error: string | null
  select(path: string): void
  restore(id: number): void
  /** Folders deleted whole, each brought back with `restoreFolder`. */
  folders: string[] | null
  restoreFolder(dir: string): void
  /** The path restored last, for the view to say so. */
  restored: string | null
}

/** The History view's model: the files with kept versions, the chosen file's versions, restore. */
export function useHistory(history: HistoryActions, initial?: string): HistoryState {
  const [files, setFiles] = useState<HistoryFile[] | null>(null)
  const [selected, setSelected] = useState<string | null>(initial ?? null)
  const [versions, setVersions] = useState<HistoryVersion[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [restored, setRestored] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const [folders, setFolders] = useState<string[] | null>(null)
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e))
  useEffect(() => {
    history
      .files()
      .then((f) => {
        setFiles(f)
        if (!selected && f.length > 0) setSelected(f[0].path)
      })
      .catch(fail)
  }, [history, generation])
  useEffect(() => {
    history.goneFolders().then(setFolders).catch(fail)
  }, [history, generation])
  useEffect(() => {
    setVersions(null)
    if (selected) history.versions(selected).then(setVersions).catch(fail)
  }, [history, selected, generation])
  return {
    files,
    selected,
    versions,
    error,
    restored,
    select: setSelected,
    folders,
    restoreFolder(dir) {
      setError(null)
      history
        .restoreFolder(dir)
        .then((n) => {
          setRestored(`${dir}/ (${n} ${n === 1 ? 'file' : 'files'})`)
          setGeneration((g) => g + 1)
        })
        .catch(fail)
    },
    restore(id) {
      if (!selected) return
      setError(null)
      history
        .restore(selected, id)
        .then(() => {
          setRestored(selected)
          setGeneration((g) => g + 1)
        })
        .catch(fail)
    },
  }
}
