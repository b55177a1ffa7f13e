import type { Contents, ServerConnection } from '@jupyterlab/services'
import { Signal } from '@lumino/signaling'
import { YFile, YNotebook } from '@jupyter/ydoc'
import type { DocSync } from './tabs/docSync'
import { AppError } from '../shared/errors'
import { parseNotebook } from './ipynb'
import { isTextNotebook, jupytextForSave, jupytextToNotebook } from './jupytext'
import type { Workspace } from './workspace'
import { fromBase64, toBase64 as base64 } from '../shared/base64'

const MIME: Record<string, string> = {
  ipynb: 'application/x-ipynb+json',
  csv: 'text/csv',
  md: 'text/markdown',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
}

function mimeOf(ws: Workspace, path: string): string {
  return (
    MIME[path.split('.').pop()?.toLowerCase() ?? ''] ?? (ws.isBinary(path) ? 'application/octet-stream' : 'text/plain')
  )
}

const clean = (p: string) => p.replace(/^\/+/, '')
const EMPTY_NOTEBOOK =
  JSON.stringify(
    {
      // One empty cell, as JupyterLab shows a new notebook (its widget adds none to a collaborative model).
      cells: [{ cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null }],
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3 (Pyodide)', language: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ) + '\n'

/**
 * A Jupyter contents drive over one repository's workspace (commit + edit overlay), as
 * JupyterLab's document manager expects from a server. The commit's files are never changed.
 */
export class RepoDrive implements Contents.IDrive {
  readonly name = 'RepoDrive'
  readonly fileChanged: Signal<Contents.IDrive, Contents.IChangedArgs> = new Signal(this)
  isDisposed = false
  // One fixed time: JupyterLab asks before saving whether the file changed on disk since it was
  // read, and a newer time would raise its "file changed" dialog after every save.
  private readonly created = new Date().toISOString()

  constructor(
    private readonly ws: Workspace,
    readonly serverSettings: ServerConnection.ISettings,
    private readonly tabs?: DocSync,
  ) {}

  /**
   * Each text document and notebook gets its Yjs document from here, before it loads, so the tabs
   * of this repository can share it (./tabs/docSync.ts). `collaborative` keeps the notebook widget
   * from inserting an empty cell into a model that is still empty (a joining tab's, whose cells come
   * from another tab a moment later: the cell would reach every tab). In JupyterLab 4.6 the flag
   * otherwise only turns off its own save handler and checkpoints, neither used here (./autosave.ts).
   */
  readonly sharedModelFactory: Contents.ISharedFactory = {
    collaborative: true,
    createNew: (options) => {
      const tabs = this.tabs
      if (!tabs) return undefined
      const doc =
        options.contentType === 'notebook'
          ? new YNotebook({ disableDocumentWideUndoRedo: true })
          : options.contentType === 'file' && options.format === 'text'
            ? new YFile()
            : undefined
      if (!doc) return undefined
      tabs.attach(clean(options.path), doc.ydoc)
      doc.disposed.connect(() => tabs.detach(doc.ydoc))
      return doc
    },
  }

  dispose(): void {
    this.isDisposed = true
    Signal.clearData(this)
  }

  private listDir(dir: string): Contents.IModel {
    const prefix = dir ? `${dir}/` : ''
    const entries = new Map<string, Contents.IModel>()
    for (const f of this.ws.files()) {
      if (!f.path.startsWith(prefix)) continue
      const [head, ...rest] = f.path.slice(prefix.length).split('/')
      const path = prefix + head
      if (rest.length > 0) entries.set(path, this.model(path, 'directory', null, 'json'))
      else
        entries.set(path, {
          ...this.model(path, path.endsWith('.ipynb') ? 'notebook' : 'file', null, 'text'),
          size: f.size,
        })
    }
    // Folders with no file in them (made by the user) are listed too.
    for (const d of this.ws.folders()) {
      if (d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
        entries.set(d, this.model(d, 'directory', null, 'json'))
    }
    return this.model(dir, 'directory', [...entries.values()], 'json')
  }

  private model(
    path: string,
    type: Contents.ContentType,
    content: unknown,
    format: Contents.FileFormat,
  ): Contents.IModel {
    return {
      name: path.split('/').pop() ?? '',
      path,
      type,
      format,
      content,
      writable: true,
      created: this.created,
      last_modified: this.created,
      mimetype: type === 'directory' ? '' : mimeOf(this.ws, path),
    }
  }

  async get(localPath: string, options?: Contents.IFetchOptions): Promise<Contents.IModel> {
    const path = clean(localPath)
    if (!this.ws.has(path) && this.ws.isDir(path)) return this.listDir(path)
    const data = this.ws.bytes(path)
    if (!data) throw new AppError('NOTEBOOK_NOT_FOUND', `${path} is not in this repository`, { path })
    const wantContent = options?.content !== false
    // Open in another tab: its live document was taken instead of the file (a load would double it).
    if (wantContent && this.tabs?.has(path) && (await this.tabs.join(path)))
      return path.endsWith('.ipynb') || options?.type === 'notebook'
        ? this.model(path, 'notebook', null, 'json')
        : this.model(path, 'file', null, 'text')
    if (path.endsWith('.ipynb') && options?.type !== 'file')
      return this.model(path, 'notebook', wantContent ? parseNotebook(path, this.ws.text(path) ?? '') : null, 'json')
    // A jupytext .md/.py opens as a notebook when JupyterLab asks for one, and as text otherwise.
    const text = this.ws.isBinary(path) ? undefined : this.ws.text(path)
    if (options?.type === 'notebook' && text !== undefined && isTextNotebook(path, text))
      return this.model(path, 'notebook', wantContent ? jupytextToNotebook(path, text) : null, 'json')
    if (options?.format === 'base64' || (options?.format !== 'text' && this.ws.isBinary(path)))
      return this.model(path, 'file', wantContent ? base64(data) : null, 'base64')
    return this.model(path, 'file', wantContent ? this.ws.text(path) : null, 'text')
  }

  async save(localPath: string, options: Partial<Contents.IModel> = {}): Promise<Contents.IModel> {
    const path = clean(localPath)
    const isText = options.type === 'notebook' && !path.endsWith('.ipynb')
    const content = this.serialize(path, options)
    // A document's save: checked against writes of other tabs it has not seen (Workspace.saveDocument).
    if (typeof content === 'string') await this.ws.saveDocument(path, content)
    else if (content !== undefined) await this.ws.write(path, content)
    const model = this.model(path, options.type ?? 'file', null, isText ? 'json' : (options.format ?? 'text'))
    this.fileChanged.emit({ type: 'save', oldValue: null, newValue: model })
    return model
  }

  /**
   * What a save of `options` stores at `localPath`, worked out at once (no await), so a page that goes can
   * still keep it (src/session/rescue.ts): a notebook's JSON, a jupytext notebook's text (undefined when it
   * cannot be written back), a file's text or bytes.
   */
  serialize(localPath: string, options: Partial<Contents.IModel>): string | Uint8Array | undefined {
    const path = clean(localPath)
    if (options.type === 'notebook' && !path.endsWith('.ipynb'))
      return jupytextForSave(path, this.ws.text(path) ?? '', options.content)
    return options.type === 'notebook'
      ? JSON.stringify(options.content, null, 1) + '\n'
      : options.format === 'base64'
        ? fromBase64(String(options.content ?? ''))
        : String(options.content ?? '')
  }

  async getDownloadUrl(localPath: string): Promise<string> {
    const path = clean(localPath)
    return URL.createObjectURL(new Blob([new Uint8Array(this.ws.bytes(path) ?? [])], { type: mimeOf(this.ws, path) }))
  }

  async newUntitled(options: Contents.ICreateOptions = {}): Promise<Contents.IModel> {
    if (options.type === 'directory') {
      const dir = clean(options.path ?? '')
      const path = [...Array(1000).keys()]
        .map((i) => `${dir ? `${dir}/` : ''}Untitled Folder${i ? ` ${i}` : ''}`)
        .find((p) => !this.ws.has(p) && !this.ws.isDir(p))
      if (!path)
        throw new AppError('INTERNAL', `no free folder name in ${dir || 'the repository'}`, { what: 'new folder' })
      await this.ws.mkdir(path)
      const model = this.model(path, 'directory', null, 'json')
      this.fileChanged.emit({ type: 'new', oldValue: null, newValue: model })
      return model
    }
    const isNotebook = options.type === 'notebook'
    const ext = isNotebook ? '.ipynb' : options.ext ? `.${options.ext.replace(/^\./, '')}` : '.txt'
    const path = this.ws.freeName(clean(options.path ?? ''), 'untitled', ext)
    await this.ws.write(path, isNotebook ? EMPTY_NOTEBOOK : '')
    const model = this.model(path, isNotebook ? 'notebook' : 'file', null, isNotebook ? 'json' : 'text')
    this.fileChanged.emit({ type: 'new', oldValue: null, newValue: model })
    return model
  }

  async delete(localPath: string): Promise<void> {
    const path = clean(localPath)
    if (this.ws.has(path)) await this.ws.remove(path)
    else await this.ws.removeDir(path)
    this.fileChanged.emit({ type: 'delete', oldValue: { path }, newValue: null })
  }

  async rename(oldLocalPath: string, newLocalPath: string): Promise<Contents.IModel> {
    const [from, to] = [clean(oldLocalPath), clean(newLocalPath)]
    const isFolder = !this.ws.has(from) && this.ws.isDir(from)
    if (isFolder) await this.ws.renameDir(from, to)
    else await this.ws.rename(from, to)
    this.tabs?.rename(from, to)
    const model = isFolder
      ? this.model(to, 'directory', null, 'json')
      : this.model(to, to.endsWith('.ipynb') ? 'notebook' : 'file', null, 'text')
    this.fileChanged.emit({ type: 'rename', oldValue: { path: from }, newValue: model })
    return model
  }

  /**
   * Another tab renamed `from` (its content is already at `to` in the workspace): documents open
   * here move with it, unsaved edits and all, as JupyterLab's contexts follow a rename event.
   */
  followRename(from: string, to: string): void {
    this.tabs?.rename(from, to)
    const model = this.model(to, to.endsWith('.ipynb') ? 'notebook' : 'file', null, 'text')
    this.fileChanged.emit({ type: 'rename', oldValue: { path: from }, newValue: model })
  }

  async copy(localPath: string, toDir: string): Promise<Contents.IModel> {
    const path = clean(localPath)
    const data = this.ws.bytes(path)
    if (!data) throw new AppError('NOTEBOOK_NOT_FOUND', `${path} is not in this repository`, { path })
    const name = path.split('/').pop() ?? path
    const dot = name.lastIndexOf('.')
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
    const to = this.ws.freeName(clean(toDir), `${stem}-Copy`, ext)
    await this.ws.write(to, data.slice())
    const model = this.model(to, to.endsWith('.ipynb') ? 'notebook' : 'file', null, 'text')
    this.fileChanged.emit({ type: 'new', oldValue: null, newValue: model })
    return model
  }

  // The overlay keeps one version per file; JupyterLab asks for a checkpoint after each save.
  async createCheckpoint(): Promise<Contents.ICheckpointModel> {
    return { id: 'overlay', last_modified: new Date().toISOString() }
  }
  async listCheckpoints(): Promise<Contents.ICheckpointModel[]> {
    return []
  }
  async restoreCheckpoint(): Promise<void> {
    throw new AppError('INTERNAL', 'checkpoints are not kept; use "revert to the repository\'s version"', {
      what: 'restore checkpoint',
    })
  }
  async deleteCheckpoint(): Promise<void> {}
}
