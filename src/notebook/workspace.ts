import type { RepoFile } from '../repo'
import { sameBytes } from '../shared/bytes'
import { AppError } from '../shared/errors'
import { BadFileNameError, fileNameProblem, NameTakenError } from '../shared/safePath'
import { notebookCellsKey } from '../shared/notebookCells'

/** One saved change over the commit: new content (text or bytes), or a deletion. */
export interface EditEntry {
  path: string
  content?: string
  bytes?: Uint8Array
  deleted?: boolean
  /** Store order of the write (see EditStore). */
  rev?: number
}

/**
 * Where saved edits go: an overlay over the commit's files (IndexedDB in the app). A folder the
 * user made is kept as a record whose path ends in `/` (empty content), so an empty folder
 * survives a reload without a new kind of record; it goes when the folder is deleted.
 */
export interface EditStore {
  list(): Promise<EditEntry[]>
  /**
   * Each write resolves with its revision where the store keeps one (src/store/history.ts): store
   * order. With `base`, the revision the content was made from: a store holding another tab's newer
   * write refuses it with EDIT_CONFLICT (its `data`: ConflictData) and writes nothing.
   */
  put(path: string, content: string | Uint8Array, base?: number): Promise<number | void>
  /** Records that the user deleted a file the commit has (`movedTo`: renamed, already written there). */
  markDeleted(path: string, movedTo?: string): Promise<number | void>
  /** Forgets the path's edit: the commit's version (or nothing) shows again. */
  forget(path: string, movedTo?: string): Promise<number | void>
}

export type FileStatus = 'unchanged' | 'modified' | 'added'

/** Another tab's newer write that a document's save met (the data of an EDIT_CONFLICT). */
export interface ConflictData {
  path: string
  rev: number
  /** The tab that wrote it. */
  tab?: string
  entry: EditEntry
}

/**
 * Decides a conflict: 'mine' writes the document's content over the other tab's version (which
 * the store keeps in the history), 'theirs' takes the other version and drops the save.
 */
export type ConflictResolver = (conflict: ConflictData) => Promise<'mine' | 'theirs'>

function conflictOf(e: unknown): ConflictData | undefined {
  if (!(e instanceof AppError) || e.code !== 'EDIT_CONFLICT') return undefined
  const d = e.data
  return typeof d.path === 'string' && typeof d.rev === 'number' && typeof d.entry === 'object' && d.entry !== null
    ? { path: d.path, rev: d.rev, tab: typeof d.tab === 'string' ? d.tab : undefined, entry: d.entry as EditEntry }
    : undefined
}

/**
 * Who made a change: the page (the user, by default), the kernel's code writing a file, or another
 * tab of the repository (already stored by that tab; src/notebook/tabs).
 */
export type ChangeOrigin = 'page' | 'kernel' | 'tab'

export interface WorkspaceFile {
  path: string
  size: number
  status: FileStatus
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const cellKeys = new WeakMap<Uint8Array, string | undefined>()

/** A notebook's cells (type and source) in a comparable form; undefined when it does not parse. */
function cellsKey(data: Uint8Array): string | undefined {
  if (cellKeys.has(data)) return cellKeys.get(data)
  const key = notebookCellsKey(decoder.decode(data))
  cellKeys.set(data, key)
  return key
}

/**
 * The repository as the user sees it: the commit's files with the overlay applied, kept in
 * memory so the contents drive and the kernel read it synchronously, and written through to the
 * store so nothing is lost. The commit's own bytes are never changed.
 */
export class Workspace {
  private readonly current = new Map<string, Uint8Array>()
  /** Folders the user made (kept by `dir/` records), which may hold no file. */
  private readonly madeDirs = new Set<string>()
  private readonly listeners = new Set<(path: string, origin: ChangeOrigin) => void>()
  /** The newest stored revision of each path this view shows, so a stale write of another tab is not taken. */
  private readonly revs = new Map<string, number>()

  private constructor(
    private readonly original: ReadonlyMap<string, Uint8Array>,
    private readonly store: EditStore,
  ) {
    for (const [p, d] of original) this.current.set(p, d)
  }

  static async load(files: RepoFile[], store: EditStore): Promise<Workspace> {
    const ws = new Workspace(new Map(files.map((f) => [f.path, f.data])), store)
    for (const e of await store.list()) {
      if (e.rev !== undefined) ws.revs.set(e.path, e.rev)
      if (e.path.endsWith('/')) ws.madeDirs.add(e.path.slice(0, -1))
      else if (e.deleted) ws.current.delete(e.path)
      else ws.current.set(e.path, e.bytes ?? encoder.encode(e.content ?? ''))
    }
    return ws
  }

  /** Called with the path after every change, for the file list and the running kernel. */
  onChange(listener: (path: string, origin: ChangeOrigin) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  private changed(path: string, origin: ChangeOrigin = 'page'): void {
    for (const l of this.listeners) l(path, origin)
  }

  has(path: string): boolean {
    return this.current.has(path)
  }
  isDir(path: string): boolean {
    return (
      path === '' ||
      this.madeDirs.has(path) ||
      [...this.current.keys(), ...this.madeDirs].some((p) => p.startsWith(`${path}/`))
    )
  }

  /** Every folder, from the files' paths and the folders the user made, sorted. */
  folders(): string[] {
    const dirs = new Set<string>()
    for (const p of [...this.current.keys(), ...[...this.madeDirs].map((d) => `${d}/`)]) {
      const parts = p.split('/')
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
    }
    return [...dirs].sort((a, b) => a.localeCompare(b))
  }
  isCommitFile(path: string): boolean {
    return this.original.has(path)
  }
  bytes(path: string): Uint8Array | undefined {
    return this.current.get(path)
  }
  text(path: string): string | undefined {
    const data = this.current.get(path)
    return data && decoder.decode(data)
  }

  status(path: string): FileStatus {
    const orig = this.original.get(path)
    const now = this.current.get(path)
    if (!orig) return 'added'
    if (!now || sameBytes(orig, now)) return 'unchanged'
    // JupyterLab saves a notebook as soon as its kernel fills in metadata (language_info), and
    // writes JSON its own way; only a change to the cells' sources is an edit the user made.
    return path.endsWith('.ipynb') && cellsKey(orig) !== undefined && cellsKey(orig) === cellsKey(now)
      ? 'unchanged'
      : 'modified'
  }

  files(): WorkspaceFile[] {
    return [...this.current.entries()]
      .map(([path, data]) => ({ path, size: data.byteLength, status: this.status(path) }))
      .sort((a, b) => a.path.localeCompare(b.path))
  }

  /** Paths of the commit the user deleted. */
  deleted(): string[] {
    return [...this.original.keys()].filter((p) => !this.current.has(p)).sort()
  }

  /** Every file the user created or changed, for export. */
  changedFiles(): RepoFile[] {
    return this.files()
      .filter((f) => f.status !== 'unchanged')
      .map((f) => ({ path: f.path, data: this.current.get(f.path) ?? new Uint8Array() }))
  }

  /**
   * The overlaid files, as the kernel should find them in its working directory. Each empty folder
   * the user made comes as a `dir/` entry with no bytes, so `os.listdir` shows it as the panel does.
   */
  kernelFiles(): RepoFile[] {
    const files = [...this.current.entries()].map(([path, data]) => ({ path, data }))
    return [...files, ...this.emptyFolders().map((d) => ({ path: `${d}/`, data: new Uint8Array() }))]
  }

  /** Throws BadFileNameError or NameTakenError unless `path` can be given to a new file or folder. */
  assertFreeName(path: string): void {
    const problem = fileNameProblem(path)
    if (problem) throw new BadFileNameError(path, problem.rule, problem.part)
    const parts = path.split('/')
    // A file on the way (`notes.md/x`) blocks the name as surely as one at the end.
    const file = parts.map((_, i) => parts.slice(0, i + 1).join('/')).find((p) => this.current.has(p))
    if (file) throw new NameTakenError(file, false)
    if (this.isDir(path)) throw new NameTakenError(path, true)
  }

  async write(path: string, content: string | Uint8Array, origin: ChangeOrigin = 'page'): Promise<void> {
    this.movedAway.delete(path)
    await this.put(path, content, origin, false)
  }

  /**
   * An open document's save. Unlike a write (a kernel's file, an upload, a restore: the whole file
   * replaced on purpose), it is checked against the store: made from an older revision than another
   * tab's write stored since, it would overwrite that version unseen, so `onConflict` is asked.
   */
  async saveDocument(path: string, content: string): Promise<void> {
    await this.put(path, content, 'page', true)
  }

  /** Called when a document's save meets another tab's newer write (see `saveDocument`). */
  onConflict(resolve: ConflictResolver): void {
    this.resolveConflict = resolve
  }
  private resolveConflict: ConflictResolver | undefined

  /** The newest stored revision of `path` this view has seen. */
  revOf(path: string): number {
    return this.revs.get(path) ?? 0
  }
  /** Another tab's write was seen (and the user chose to keep this tab's copy over it). */
  seen(path: string, rev: number): void {
    if (rev > this.revOf(path)) this.revs.set(path, rev)
  }

  private async put(
    path: string,
    content: string | Uint8Array,
    origin: ChangeOrigin,
    isChecked: boolean,
  ): Promise<void> {
    // A document's save of a file another tab renamed goes to the new name (see `followMove`).
    const moved = isChecked ? this.movedAway.get(path) : undefined
    if (moved !== undefined) return this.put(moved, content, origin, isChecked)
    const data = typeof content === 'string' ? encoder.encode(content) : content
    this.current.set(path, data)
    this.changed(path, origin)
    // Text stays readable in the store (and in an export); other files keep their bytes.
    const body = this.isBinary(path) ? data : typeof content === 'string' ? content : decoder.decode(data)
    const seq = this.nextSeq(path)
    const rev = await this.serial(path, async () => {
      // Renamed by another tab while this save waited for its turn: it goes to the new name instead.
      const to = isChecked ? this.movedAway.get(path) : undefined
      if (to !== undefined) {
        // The old name holds nothing after a move (this save had put its content back in view).
        this.current.delete(path)
        this.changed(path, 'tab')
        await this.put(to, content, origin, isChecked)
        return undefined
      }
      try {
        const stored = await this.storeChecked(path, body, isChecked)
        this.unsaved.delete(path)
        return stored
      } catch (e) {
        // Out of space: the content stays here (and on screen), stored by `retryUnsaved` once there is room.
        if (e instanceof AppError && e.code === 'STORAGE_FULL') this.unsaved.set(path, { content, isChecked })
        throw e
      }
    })
    if (rev !== undefined) this.stored(path, rev, seq, () => this.current.set(path, data), origin)
  }

  /**
   * Another tab renamed `from` to `to` (its removal of `from`, revision `rev`, says so): the move is
   * taken, and this view's document saves of `from` — one waiting for its turn included — go to `to`
   * from now on, so none brings the old name back.
   */
  followMove(from: string, to: string, entry: EditEntry | null, rev?: number): void {
    this.movedAway.set(from, to)
    this.applyRemote(from, entry, rev)
  }
  /** Files another tab renamed, old name → new; a new file under an old name ends the redirect. */
  private readonly movedAway = new Map<string, string>()

  /** Writes the store could not take for lack of space (STORAGE_FULL), newest per path. */
  private readonly unsaved = new Map<string, { content: string | Uint8Array; isChecked: boolean }>()

  /**
   * Tries again to store what failed for lack of space (the session calls this now and then): room
   * can appear without Quire knowing (another site's data cleared, a larger quota). Quiet: the
   * failed save already told the user; true when nothing is left unsaved.
   */
  async retryUnsaved(): Promise<boolean> {
    for (const [path, { content, isChecked }] of [...this.unsaved]) {
      if (this.unsaved.get(path)?.content !== content) continue
      await this.put(path, content, 'page', isChecked).catch(() => {})
    }
    return this.unsaved.size === 0
  }

  private async storeChecked(path: string, body: string | Uint8Array, isChecked: boolean) {
    // Read when the write's turn comes, after this view's earlier writes of the path are stored.
    let base = isChecked && this.resolveConflict ? this.revOf(path) : undefined
    for (;;) {
      try {
        return await this.store.put(path, body, base)
      } catch (e) {
        const conflict = conflictOf(e)
        if (!conflict || !this.resolveConflict) throw e
        // The other tab's write was the rename of this file: the content goes to the new name.
        const to = this.movedAway.get(path)
        if (to !== undefined && conflict.entry.deleted) {
          this.seen(path, conflict.rev)
          this.current.delete(path)
          this.changed(path, 'tab')
          await this.put(to, body, 'page', true)
          return undefined
        }
        if ((await this.resolveConflict(conflict)) === 'theirs') {
          // Unless an even newer write of another tab is shown already.
          if (conflict.rev >= this.revOf(path)) {
            this.revs.set(path, conflict.rev)
            this.remoteSince.add(path)
            this.show(path, conflict.entry)
          }
          return undefined
        }
        base = conflict.rev
      }
    }
  }

  /**
   * After this view's write reached the store as revision `rev`. If another tab's write was taken
   * meanwhile but stored before this one, the store holds this one: the view shows it again (unless
   * a later write of this view is on its way, which will).
   */
  private stored(path: string, rev: number | void, seq: number, show: () => void, origin: ChangeOrigin): void {
    if (typeof rev !== 'number' || rev <= (this.revs.get(path) ?? 0)) return
    this.revs.set(path, rev)
    if (this.remoteSince.has(path) && this.seqs.get(path) === seq) {
      this.remoteSince.delete(path)
      show()
      this.changed(path, origin)
    }
  }
  /** The newest write of this view per path, and the paths another tab's write reached since. */
  private readonly seqs = new Map<string, number>()
  private readonly remoteSince = new Set<string>()
  /**
   * Writes of one path reach the store in the order this view made them: two in flight at once (a
   * save and a file the kernel wrote) could otherwise be stored the other way round.
   */
  private serial<T>(path: string, write: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(path) ?? Promise.resolve()).then(write)
    this.queues.set(
      path,
      run.catch(() => {}),
    )
    return run
  }
  private readonly queues = new Map<string, Promise<unknown>>()
  private nextSeq(path: string): number {
    const seq = (this.seqs.get(path) ?? 0) + 1
    this.seqs.set(path, seq)
    return seq
  }

  async remove(path: string, origin: ChangeOrigin = 'page', movedTo?: string): Promise<void> {
    this.current.delete(path)
    this.changed(path, origin)
    const seq = this.nextSeq(path)
    const rev = await this.serial(path, () =>
      this.original.has(path) ? this.store.markDeleted(path, movedTo) : this.store.forget(path, movedTo),
    )
    this.stored(path, rev, seq, () => this.current.delete(path), origin)
  }

  async rename(from: string, to: string): Promise<void> {
    if (!this.current.has(from)) throw new AppError('INTERNAL', `${from} does not exist`, { path: from })
    this.assertFreeName(to)
    await this.move(from, to)
  }

  private async move(from: string, to: string): Promise<void> {
    const data = this.current.get(from) ?? new Uint8Array()
    // Written before the old path goes, so a crash in between leaves a copy rather than nothing. The
    // removal says where the file went, so another tab's open copy follows it (src/session/otherTabs.ts).
    await this.write(to, data)
    await this.remove(from, 'page', to)
  }

  /** Folders the user made that hold no file (an export lists them as folder entries). */
  emptyFolders(): string[] {
    const files = [...this.current.keys()]
    return [...this.madeDirs].filter((d) => !files.some((p) => p.startsWith(`${d}/`))).sort()
  }

  /** Makes an empty folder; its parents need not exist. */
  async mkdir(path: string): Promise<void> {
    this.assertFreeName(path)
    this.madeDirs.add(path)
    this.changed(path)
    await this.store.put(`${path}/`, '')
  }

  private inside(dir: string): { files: string[]; dirs: string[] } {
    const under = (p: string) => p.startsWith(`${dir}/`)
    return {
      files: [...this.current.keys()].filter(under),
      dirs: [...this.madeDirs].filter((d) => d === dir || under(d)),
    }
  }

  /** Deletes a folder with everything in it. */
  async removeDir(dir: string): Promise<void> {
    const { files, dirs } = this.inside(dir)
    for (const f of files) await this.remove(f)
    for (const d of dirs) {
      this.madeDirs.delete(d)
      this.changed(d)
      await this.store.forget(`${d}/`)
    }
    // The folder itself goes too (one the commit's files made is no made dir), for the kernel.
    if (!dirs.includes(dir)) this.changed(dir)
  }

  /** Moves a folder with everything in it; files go one by one, each written before it is removed. */
  async renameDir(from: string, to: string): Promise<void> {
    if (to.startsWith(`${from}/`)) throw new BadFileNameError(to, 'inside-itself', from)
    this.assertFreeName(to)
    const { files, dirs } = this.inside(from)
    const moved = (p: string) => to + p.slice(from.length)
    for (const d of dirs) {
      this.madeDirs.add(moved(d))
      this.changed(moved(d))
      await this.store.put(`${moved(d)}/`, '')
    }
    // Inner names are not checked again: a commit's own odd names (`con.txt`) move as they are.
    for (const f of files) await this.move(f, moved(f))
    for (const d of dirs) {
      this.madeDirs.delete(d)
      this.changed(d)
      await this.store.forget(`${d}/`)
    }
    if (!dirs.includes(from)) this.changed(from)
  }

  /**
   * Takes a change another tab stored (entry null: it forgot the path's edit) into this view of the
   * overlay, without writing it again.
   */
  applyRemote(path: string, entry: EditEntry | null, rev?: number): void {
    // A write stored before one this view already shows (two tabs saving at once) is not taken.
    if (rev !== undefined) {
      if (rev <= (this.revs.get(path) ?? 0)) return
      this.revs.set(path, rev)
    }
    this.remoteSince.add(path)
    if (entry && !entry.deleted) this.movedAway.delete(path)
    if (path.endsWith('/')) {
      const dir = path.slice(0, -1)
      if (entry) this.madeDirs.add(dir)
      else this.madeDirs.delete(dir)
      this.changed(dir, 'tab')
      return
    }
    this.show(path, entry)
  }

  /** Shows a stored entry of another tab (null: the commit's version, or nothing). */
  private show(path: string, entry: EditEntry | null): void {
    const orig = this.original.get(path)
    if (entry && !entry.deleted) this.current.set(path, entry.bytes ?? encoder.encode(entry.content ?? ''))
    else if (!entry && orig) this.current.set(path, orig)
    else this.current.delete(path)
    this.changed(path, 'tab')
  }

  /** Back to the commit's version; a file the user added goes away. */
  async revert(path: string): Promise<void> {
    const orig = this.original.get(path)
    if (orig) this.current.set(path, orig)
    else this.current.delete(path)
    this.changed(path)
    await this.store.forget(path)
  }

  /** A name in `dir` not taken yet: `untitled.py`, `untitled1.py`, … */
  freeName(dir: string, stem: string, ext: string): string {
    const prefix = dir ? `${dir}/` : ''
    for (let i = 0; ; i++) {
      const path = `${prefix}${stem}${i || ''}${ext}`
      if (!this.current.has(path)) return path
    }
  }

  isBinary(path: string): boolean {
    return !TEXT_TYPES.test(path)
  }
}

export const TEXT_TYPES = /\.(ipynb|py|md|txt|csv|tsv|json|ya?ml|toml|cfg|ini|r|jl|sh|html|css|js|ts)$|(^|\/)[^./]+$/i
