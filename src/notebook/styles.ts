// JupyterLab's CSS, loaded with the notebook view only (it is most of the view's weight).
// Each package's style/index.js pulls in its dependencies' styles (PLATFORM-NOTES.md).
import '@jupyterlab/notebook/style/index.js'
import '@jupyterlab/theme-light-extension/style/theme.css'
