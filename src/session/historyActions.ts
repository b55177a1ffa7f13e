import { zipSync } from 'fflate'
import type { NotebookView, Workspace } from '../notebook'
import { listHistoryFiles, listVersions, type HistoryRecord, type QuireDatabase } from '../store'
import { diffSummary, type DiffSummary } from './diffSummary'
import { folderRestorePlan, goneFolders } from './folderRestore'

export interface HistoryVersion {
  id: number
  savedAt: number
  keptAt: number
  size: number
  /** The version was the file deleted. */
  isDeletion: boolean
  /** Lines this version has that the file now lacks (added) and the other way round (removed). */
  summary: DiffSummary
}

export interface HistoryFile {
  path: string
  versions: number
  lastKeptAt: number
  /** Not in the workspace now: deleted (alone or with its folder). */
  isGone: boolean
}

/** The local history of the repository's files (src/store/history.ts), for the History view. */
export interface HistoryActions {
  files(): Promise<HistoryFile[]>
  versions(path: string): Promise<HistoryVersion[]>
  /** Brings a version back as the file's content: a save like any other, so the one it replaces is kept too. */
  restore(path: string, id: number): Promise<void>
  /** Folders deleted whole (outermost), whose files have kept versions. */
  goneFolders(): Promise<string[]>
  /** Brings back every deleted file under `dir` at its newest kept version; resolves with how many. */
  restoreFolder(dir: string): Promise<number>
  /** Every kept version as a .zip, under `history/<path>/<time>`. */
  exportZip(): Promise<{ name: string; blob: Blob }>
}

const textOf = (v: HistoryRecord) => (v.bytes ? undefined : v.content)

export function createHistoryActions(
  db: QuireDatabase,
  repoKey: string,
  ws: Workspace,
  view: Pick<NotebookView, 'reload'>,
  repoName: string,
): HistoryActions {
  return {
    async files() {
      return (await listHistoryFiles(db, repoKey)).map((f) => ({ ...f, isGone: !ws.has(f.path) }))
    },
    async versions(path) {
      const now = ws.isBinary(path) ? undefined : (ws.text(path) ?? '')
      return (await listVersions(db, repoKey, path)).flatMap((v) =>
        v.id === undefined
          ? []
          : [
              {
                id: v.id,
                savedAt: v.savedAt,
                keptAt: v.keptAt,
                size: v.size,
                isDeletion: v.deleted === true,
                summary: diffSummary(path, textOf(v), now),
              },
            ],
      )
    },
    async restore(path, id) {
      const v = (await listVersions(db, repoKey, path)).find((x) => x.id === id)
      if (!v || v.deleted) return
      const data = v.bytes ?? v.content
      await view.reload(path, () => ws.write(path, data))
    },
    async goneFolders() {
      const files = await this.files()
      return goneFolders(
        files.filter((f) => f.isGone).map((f) => f.path),
        (d) => ws.isDir(d),
      )
    },
    async restoreFolder(dir) {
      let restored = 0
      for (const path of folderRestorePlan(await this.files(), dir)) {
        // Newest first: the file as it was when the folder went (a deletion mark holds nothing).
        const v = (await listVersions(db, repoKey, path)).find((x) => !x.deleted)
        if (!v) continue
        await ws.write(path, v.bytes ?? v.content)
        restored++
      }
      return restored
    },
    async exportZip() {
      const entries: Record<string, Uint8Array> = {}
      for (const f of await listHistoryFiles(db, repoKey))
        for (const v of await listVersions(db, repoKey, f.path)) {
          if (v.deleted) continue
          const stamp = new Date(v.savedAt).toISOString().replace(/[:.]/g, '-')
          entries[`${repoName}-history/${f.path}/${stamp}-${v.id}`] = v.bytes ?? new TextEncoder().encode(v.content)
        }
      const zip = zipSync(entries)
      return {
        name: `${repoName}-history.zip`,
        blob: new Blob([new Uint8Array(zip)], { type: 'application/zip' }),
      }
    },
  }
}
