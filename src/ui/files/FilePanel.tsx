import './files.css'
import { useRef, useState } from 'preact/hooks'
import type { FileActions } from '../../session/fileActions'
import { treeRows } from './fileTree'
import { FileRow, FolderRow, NameInput } from './rows'
import { saveBlob, useFiles } from './useFiles'
import { HistoryView } from './HistoryView'

/** What the name field is for: a new file (maybe inside a folder), a new folder, or a rename. */
type Naming = { kind: 'file'; dir: string } | { kind: 'folder'; dir: string } | { kind: 'rename'; from: string }

const indent = (depth: number) => ({ paddingLeft: `${0.5 + depth * 0.9}rem` })

/** The repository's files beside the notebook, as a tree: open, create, rename, delete, upload, revert, export. */
export function FilePanel({ actions }: { actions: FileActions }) {
  const state = useFiles(actions)
  const [naming, setNaming] = useState<Naming | null>(null)
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set())
  const [isHistoryOpen, setHistoryOpen] = useState(false)
  const upload = useRef<HTMLInputElement>(null)
  const hasChanges = state.files.some((f) => f.status !== 'unchanged') || state.deleted.length > 0
  const toggle = (p: string) =>
    setFolded((s) => (s.has(p) ? new Set([...s].filter((x) => x !== p)) : new Set([...s, p])))
  const prefix = (dir: string) => (dir ? `${dir}/` : '')
  const newName = naming?.kind === 'file' || naming?.kind === 'folder' ? naming : null
  return (
    <aside class="q-files" aria-label="Files">
      <div class="q-files-bar">
        <span class="q-files-title">Files</span>
        <button type="button" title="New file" onClick={() => setNaming(naming ? null : { kind: 'file', dir: '' })}>
          New
        </button>
        <button type="button" title="New folder" onClick={() => setNaming(naming ? null : { kind: 'folder', dir: '' })}>
          Folder
        </button>
        <button type="button" title="Upload files" onClick={() => upload.current?.click()}>
          Upload
        </button>
        <button
          type="button"
          title="Download every changed file as a .zip"
          disabled={!hasChanges}
          onClick={() => {
            const z = actions.exportZip()
            saveBlob(z.name, z.blob)
          }}
        >
          Export
        </button>
        {actions.history && (
          <button
            type="button"
            title="Earlier versions of files, deleted ones too"
            onClick={() => setHistoryOpen(true)}
          >
            History
          </button>
        )}
        <input
          ref={upload}
          type="file"
          multiple
          hidden
          aria-label="Upload files"
          onChange={(e) => {
            const input = e.currentTarget
            if (input.files)
              state.run(async () => {
                await actions.upload([...(input.files ?? [])])
                input.value = ''
              })
          }}
        />
      </div>
      {newName && (
        <NameInput
          key={`${newName.kind}:${newName.dir}`}
          initial={prefix(newName.dir)}
          label={newName.kind === 'file' ? 'New file name' : 'New folder name'}
          onClose={() => setNaming(null)}
          onFail={state.fail}
          onSubmit={async (name) => {
            await (newName.kind === 'file' ? actions.create(name) : actions.createFolder(name))
            if (newName.dir) setFolded((s) => new Set([...s].filter((x) => x !== newName.dir)))
          }}
        />
      )}
      {state.error && (
        <p class="q-files-error" role="alert">
          {state.error}
        </p>
      )}
      <ul class="q-files-list">
        {treeRows(state.files, state.folders, folded).map((row) => {
          const path = row.kind === 'folder' ? row.path : row.file.path
          if (naming?.kind === 'rename' && naming.from === path)
            return (
              <li key={path} style={indent(row.depth)}>
                <NameInput
                  initial={path}
                  label={`New name for ${path}`}
                  onClose={() => setNaming(null)}
                  onFail={state.fail}
                  onSubmit={(name) => actions.rename(path, name)}
                />
              </li>
            )
          return row.kind === 'folder' ? (
            <FolderRow
              key={path}
              row={row}
              style={indent(row.depth)}
              state={state}
              actions={actions}
              onToggle={() => toggle(path)}
              onNewFile={() => setNaming({ kind: 'file', dir: path })}
              onRename={() => setNaming({ kind: 'rename', from: path })}
            />
          ) : (
            <FileRow
              key={path}
              file={row.file}
              name={row.name}
              style={indent(row.depth)}
              state={state}
              actions={actions}
              onRename={() => setNaming({ kind: 'rename', from: path })}
            />
          )
        })}
        {state.deleted.map((p) => (
          <li key={p} class="q-file q-file-deleted" data-path={p} data-status="deleted">
            <span class="q-file-name">{p}</span>
            <button
              type="button"
              aria-label="Restore"
              title={`Restore ${p} from the repository`}
              onClick={() => state.run(() => actions.revert(p))}
            >
              Restore
            </button>
          </li>
        ))}
      </ul>
      {isHistoryOpen && actions.history && (
        <HistoryView history={actions.history} onClose={() => setHistoryOpen(false)} />
      )}
    </aside>
  )
}
