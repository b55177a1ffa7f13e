import { useRef, useState } from 'preact/hooks'
import type { FileActions } from '../../session/fileActions'
import type { WorkspaceFile } from '../../notebook/workspace'
import { saveBlob, useFiles, type FilesState } from './useFiles'

const STATUS_WORDS = { modified: 'edited', added: 'new', unchanged: '' } as const

/** The repository's files beside the notebook: open, create, rename, delete, upload, revert, export. */
export function FilePanel({ actions }: { actions: FileActions }) {
  const state = useFiles(actions)
  const [naming, setNaming] = useState<{ from: string | null } | null>(null)
  const upload = useRef<HTMLInputElement>(null)
  const hasChanges = state.files.some((f) => f.status !== 'unchanged') || state.deleted.length > 0
  return (
    <aside class="q-files" aria-label="Files">
      <div class="q-files-bar">
        <span class="q-files-title">Files</span>
        <button type="button" title="New file" onClick={() => setNaming(naming ? null : { from: null })}>New</button>
        <button type="button" title="Upload files" onClick={() => upload.current?.click()}>Upload</button>
        <button type="button" title="Download every changed file as a .zip" disabled={!hasChanges}
          onClick={() => { const z = actions.exportZip(); saveBlob(z.name, z.blob) }}>Export</button>
        <input ref={upload} type="file" multiple hidden aria-label="Upload files"
          onChange={(e) => { const input = e.currentTarget; if (input.files) state.run(async () => { await actions.upload([...(input.files ?? [])]); input.value = '' }) }} />
      </div>
      {naming && naming.from === null && <NameInput initial="" label="New file name" onDone={(name) => { setNaming(null); if (name) state.run(() => actions.create(name)) }} />}
      {state.error && <p class="q-files-error" role="alert">{state.error}</p>}
      <ul class="q-files-list">
        {state.files.map((f) =>
          naming?.from === f.path
            ? <li key={f.path}><NameInput initial={f.path} label={`New name for ${f.path}`} onDone={(name) => { setNaming(null); if (name) state.run(() => actions.rename(f.path, name)) }} /></li>
            : <FileRow key={f.path} file={f} state={state} actions={actions} onRename={() => setNaming({ from: f.path })} />,
        )}
        {state.deleted.map((p) => (
          <li key={p} class="q-file q-file-deleted" data-path={p} data-status="deleted">
            <span class="q-file-name">{p}</span>
            <button type="button" aria-label="Restore" title={`Restore ${p} from the repository`} onClick={() => state.run(() => actions.revert(p))}>Restore</button>
          </li>
        ))}
      </ul>
    </aside>
  )
}

function FileRow({ file, state, actions, onRename }: { file: WorkspaceFile; state: FilesState; actions: FileActions; onRename: () => void }) {
  const [isConfirming, setConfirming] = useState(false)
  const depth = file.path.split('/').length - 1
  return (
    <li class={`q-file q-file-${file.status}`} data-path={file.path} data-status={file.status} style={{ paddingLeft: `${0.5 + depth * 0.8}rem` }}>
      <button type="button" class="q-file-name" title={`Open ${file.path}`} onClick={() => state.run(() => actions.open(file.path))}>{file.path}</button>
      {file.status !== 'unchanged' && <span class="q-file-mark" title={file.status === 'added' ? 'Not in the repository: you created it' : 'Edited: differs from the repository'}>{STATUS_WORDS[file.status]}</span>}
      <span class="q-file-actions">
        {isConfirming ? (
          <>
            <button type="button" class="q-danger" aria-label={`Delete ${file.path}`} title={`Delete ${file.path}`} onClick={() => { setConfirming(false); state.run(() => actions.remove(file.path)) }}>Delete</button>
            <button type="button" aria-label="Keep" title={`Keep ${file.path}`} onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <>
            <button type="button" aria-label="Rename" title={`Rename ${file.path}`} onClick={onRename}>✎</button>
            <button type="button" aria-label="Delete" title={`Delete ${file.path}`} onClick={() => setConfirming(true)}>✕</button>
            {file.status === 'modified' && <button type="button" aria-label="Revert" title={`Revert ${file.path} to the repository's version`} onClick={() => state.run(() => actions.revert(file.path))}>↺</button>}
          </>
        )}
      </span>
    </li>
  )
}

/**
 * An inline name field: Enter keeps the name, Escape cancels. Leaving the field keeps it open:
 * the notebook can take the focus (a kernel becoming ready), and a name half typed must survive.
 */
function NameInput({ initial, label, onDone }: { initial: string; label: string; onDone: (name: string | null) => void }) {
  return (
    // Uncontrolled (defaultValue): the file list re-renders whenever a file changes, and a
    // controlled value would reset what the user is typing to `initial` each time.
    <input class="q-files-name" aria-label={label} defaultValue={initial} autoFocus
      onKeyDown={(e) => {
        if (e.key === 'Enter') onDone(e.currentTarget.value.trim() || null)
        if (e.key === 'Escape') onDone(null)
        // The notebook's shortcuts listen on the document; typing a name must not reach them.
        e.stopPropagation()
      }} />
  )
}
