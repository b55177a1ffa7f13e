import type { Contents, ServerConnection } from '@jupyterlab/services'
import { Signal } from '@lumino/signaling'
import type { RepoFile } from '../repo'
import { AppError } from '../shared/errors'
import { parseNotebook } from './ipynb'

/** Where saved edits go: an overlay over the commit's files (IndexedDB in the app). */
export interface EditStore {
  get(path: string): Promise<string | undefined>
  put(path: string, content: string): Promise<void>
}

const TEXT_TYPES = /\.(ipynb|py|md|txt|csv|tsv|json|ya?ml|toml|cfg|ini|r|jl|sh|html|css|js|ts)$/i

function mimeOf(path: string): string {
  if (path.endsWith('.ipynb')) return 'application/x-ipynb+json'
  if (path.endsWith('.csv')) return 'text/csv'
  if (path.endsWith('.md')) return 'text/markdown'
  if (path.endsWith('.json')) return 'application/json'
  return TEXT_TYPES.test(path) ? 'text/plain' : 'application/octet-stream'
}

function base64(data: Uint8Array): string {
  let s = ''
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000))
  return btoa(s)
}

/**
 * A Jupyter contents drive over one repository's files, as JupyterLab's document manager expects
 * from a server. Saves go to the edit overlay; the commit's files are never changed.
 */
export class RepoDrive implements Contents.IDrive {
  readonly name = 'RepoDrive'
  readonly fileChanged: Signal<Contents.IDrive, Contents.IChangedArgs> = new Signal(this)
  isDisposed = false
  private readonly files = new Map<string, Uint8Array>()
  private readonly created = new Date().toISOString()

  constructor(
    files: RepoFile[],
    private readonly edits: EditStore,
    readonly serverSettings: ServerConnection.ISettings,
  ) {
    for (const f of files) this.files.set(f.path, f.data)
  }

  dispose(): void {
    this.isDisposed = true
    Signal.clearData(this)
  }

  private async text(path: string): Promise<string | undefined> {
    const edited = await this.edits.get(path)
    if (edited !== undefined) return edited
    const data = this.files.get(path)
    return data && new TextDecoder().decode(data)
  }

  private listDir(dir: string): Contents.IModel {
    const prefix = dir ? `${dir}/` : ''
    const entries = new Map<string, Contents.IModel>()
    for (const [p, data] of this.files) {
      if (!p.startsWith(prefix)) continue
      const [head, ...rest] = p.slice(prefix.length).split('/')
      const path = prefix + head
      if (rest.length > 0) entries.set(path, this.model(path, 'directory', null, 'json'))
      else entries.set(path, { ...this.model(path, path.endsWith('.ipynb') ? 'notebook' : 'file', null, 'text'), size: data.byteLength })
    }
    return this.model(dir, 'directory', [...entries.values()], 'json')
  }

  private model(path: string, type: Contents.ContentType, content: unknown, format: Contents.FileFormat): Contents.IModel {
    return { name: path.split('/').pop() ?? '', path, type, format, content, writable: true, created: this.created, last_modified: this.created, mimetype: type === 'directory' ? '' : mimeOf(path) }
  }

  async get(localPath: string, options?: Contents.IFetchOptions): Promise<Contents.IModel> {
    const path = localPath.replace(/^\/+/, '')
    const isDir = path === '' || [...this.files.keys()].some((p) => p.startsWith(`${path}/`))
    if (isDir && !this.files.has(path)) return this.listDir(path)
    const data = this.files.get(path)
    const edited = await this.edits.get(path)
    if (!data && edited === undefined) throw new AppError('NOTEBOOK_NOT_FOUND', `${path} is not in this repository`, { path })
    const wantContent = options?.content !== false
    if (path.endsWith('.ipynb') && options?.type !== 'file') {
      const text = (await this.text(path)) ?? ''
      return this.model(path, 'notebook', wantContent ? parseNotebook(path, text) : null, 'json')
    }
    if (edited === undefined && data && !TEXT_TYPES.test(path)) return this.model(path, 'file', wantContent ? base64(data) : null, 'base64')
    return this.model(path, 'file', wantContent ? await this.text(path) : null, 'text')
  }

  async save(localPath: string, options: Partial<Contents.IModel> = {}): Promise<Contents.IModel> {
    const path = localPath.replace(/^\/+/, '')
    const content = options.type === 'notebook' ? JSON.stringify(options.content, null, 1) + '\n' : String(options.content ?? '')
    await this.edits.put(path, content)
    const model = this.model(path, options.type ?? 'file', null, options.format ?? 'text')
    this.fileChanged.emit({ type: 'save', oldValue: null, newValue: model })
    return model
  }

  async getDownloadUrl(localPath: string): Promise<string> {
    const text = (await this.text(localPath)) ?? ''
    return URL.createObjectURL(new Blob([text], { type: mimeOf(localPath) }))
  }

  // File management arrives with the file browser (issue 6); until then these say so plainly.
  private unsupported(what: string): never {
    throw new AppError('INTERNAL', `${what} is not available yet in Quire`, { what })
  }
  async newUntitled(): Promise<Contents.IModel> { return this.unsupported('creating files') }
  async delete(): Promise<void> { return this.unsupported('deleting files') }
  async rename(): Promise<Contents.IModel> { return this.unsupported('renaming files') }
  async copy(): Promise<Contents.IModel> { return this.unsupported('copying files') }
  // The overlay keeps one version per file; JupyterLab asks for a checkpoint after each save.
  async createCheckpoint(): Promise<Contents.ICheckpointModel> {
    return { id: 'overlay', last_modified: new Date().toISOString() }
  }
  async listCheckpoints(): Promise<Contents.ICheckpointModel[]> { return [] }
  async restoreCheckpoint(): Promise<void> { return this.unsupported('restoring checkpoints') }
  async deleteCheckpoint(): Promise<void> {}
}
