import { useId, useState } from 'preact/hooks'
import type { JSX } from 'preact'
import type { FileActions } from '../../session/fileActions'
import type { WorkspaceFile } from '../../notebook/workspace'
import type { TreeRow } from './fileTree'
import type { FilesState } from './useFiles'
import { nameErrorText } from './nameError'

const STATUS_WORDS = { modified: 'edited', added: 'new', unchanged: '' } as const

/** Delete asks once more in place: the row's buttons become "Delete" and "Keep". */
function DeleteButtons({
  path,
  what,
  state,
  onDelete,
  children,
}: {
  path: string
  what: string
  state: FilesState
  onDelete: () => Promise<unknown>
  children: JSX.Element[]
}) {
  const [isConfirming, setConfirming] = useState(false)
  return (
    <span class="q-file-actions">
      {isConfirming ? (
        <>
          <button
            type="button"
            class="q-danger"
            aria-label={`Delete ${path}`}
            title={`Delete ${what}`}
            onClick={() => {
              setConfirming(false)
              state.run(onDelete)
            }}
          >
            Delete
          </button>
          <button type="button" aria-label="Keep" title={`Keep ${path}`} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <>
          {children}
          <button type="button" aria-label="Delete" title={`Delete ${what}`} onClick={() => setConfirming(true)}>
            ✕
          </button>
        </>
      )}
    </span>
  )
}

export function FileRow({
  file,
  name,
  style,
  state,
  actions,
  onRename,
}: {
  file: WorkspaceFile
  name: string
  style: { paddingLeft: string }
  state: FilesState
  actions: FileActions
  onRename: () => void
}) {
  return (
    <li class={`q-file q-file-${file.status}`} data-path={file.path} data-status={file.status} style={style}>
      <button
        type="button"
        class="q-file-name"
        title={`Open ${file.path}`}
        onClick={() => state.run(() => actions.open(file.path))}
      >
        {name}
      </button>
      {file.status !== 'unchanged' && (
        <span
          class="q-file-mark"
          title={
            file.status === 'added' ? 'Not in the repository: you created it' : 'Edited: differs from the repository'
          }
        >
          {STATUS_WORDS[file.status]}
        </span>
      )}
      <DeleteButtons path={file.path} what={file.path} state={state} onDelete={() => actions.remove(file.path)}>
        <button type="button" aria-label="Rename" title={`Rename ${file.path}`} onClick={onRename}>
          ✎
        </button>
        {file.status === 'modified' ? (
          <button
            type="button"
            aria-label="Revert"
            title={`Revert ${file.path} to the repository's version`}
            onClick={() => state.run(() => actions.revert(file.path))}
          >
            ↺
          </button>
        ) : (
          <></>
        )}
      </DeleteButtons>
    </li>
  )
}

export function FolderRow({
  row,
  style,
  state,
  actions,
  onToggle,
  onNewFile,
  onRename,
}: {
  row: Extract<TreeRow, { kind: 'folder' }>
  style: { paddingLeft: string }
  state: FilesState
  actions: FileActions
  onToggle: () => void
  onNewFile: () => void
  onRename: () => void
}) {
  return (
    <li class="q-file q-folder" data-path={row.path} data-open={String(row.isOpen)} style={style}>
      <button
        type="button"
        class="q-file-name"
        aria-expanded={row.isOpen}
        title={`${row.isOpen ? 'Fold' : 'Unfold'} ${row.path}`}
        onClick={onToggle}
      >
        <span class="q-folder-twisty" aria-hidden="true">
          {row.isOpen ? '▾' : '▸'}
        </span>
        {row.name}/
      </button>
      <DeleteButtons
        path={row.path}
        what={`${row.path} and everything in it`}
        state={state}
        onDelete={() => actions.remove(row.path)}
      >
        <button type="button" aria-label="New file here" title={`New file in ${row.path}`} onClick={onNewFile}>
          +
        </button>
        <button type="button" aria-label="Rename" title={`Rename ${row.path}`} onClick={onRename}>
          ✎
        </button>
      </DeleteButtons>
    </li>
  )
}

/**
 * An inline name field: Enter submits the name, Escape cancels. Leaving the field keeps it open:
 * the notebook can take the focus (a kernel becoming ready), and a name half typed must survive.
 * A refused name (BAD_FILE_NAME, NAME_TAKEN) is explained right under the field, which stays
 * open with what was typed; other errors close it and go to the panel's error line.
 */
export function NameInput({
  initial,
  label,
  onSubmit,
  onClose,
  onFail,
}: {
  initial: string
  label: string
  onSubmit: (name: string) => Promise<unknown>
  onClose: () => void
  onFail: (error: unknown) => void
}) {
  const [problem, setProblem] = useState<string | null>(null)
  const problemId = useId()
  const submit = (name: string) =>
    onSubmit(name).then(onClose, (e: unknown) => {
      const words = nameErrorText(e)
      if (words) return setProblem(words)
      onClose()
      onFail(e)
    })
  return (
    <>
      {/* Uncontrolled (defaultValue): the file list re-renders whenever a file changes, and a
          controlled value would reset what the user is typing to `initial` each time. */}
      <input
        class="q-files-name"
        aria-label={label}
        defaultValue={initial}
        autoFocus
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? problemId : undefined}
        onInput={() => setProblem(null)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void submit(e.currentTarget.value)
          if (e.key === 'Escape') onClose()
          // The notebook's shortcuts listen on the document; typing a name must not reach them.
          e.stopPropagation()
        }}
      />
      {problem && (
        <p id={problemId} class="q-files-name-error" role="alert">
          {problem}
        </p>
      )}
    </>
  )
}
