export { openNotebookView, type NotebookView } from './notebookView'
export { createServices, type KernelChoice } from './services'
export { RepoDrive, type EditStore } from './repoDrive'
export { parseNotebook, BadNotebookError } from './ipynb'
