export { openNotebookView, type NotebookView } from './notebookView'
export { createServices, type KernelChoice } from './services'
export { RepoDrive } from './repoDrive'
export {
  Workspace,
  type EditStore,
  type EditEntry,
  type WorkspaceFile,
  type FileStatus,
  type ChangeOrigin,
  type ConflictData,
  type ConflictResolver,
} from './workspace'
export { parseNotebook, BadNotebookError } from './ipynb'
export { findReadme, type OverviewContent } from './overview'
