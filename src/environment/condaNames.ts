// Conda package names that differ from the Python distribution they provide, and conda packages a
// browser does not need. Conda-forge's `-base` variants drop optional native extras; the browser
// gets the whole distribution. https://github.com/regro/cf-graph-countyfair (name mapping)

export const CONDA_TO_PYPI: Readonly<Record<string, string>> = {
  'matplotlib-base': 'matplotlib',
  'seaborn-base': 'seaborn',
  pytables: 'tables',
  pytorch: 'torch',
  'pytorch-cpu': 'torch',
  'py-opencv': 'opencv-python',
  opencv: 'opencv-python',
  'pillow-simd': 'pillow',
  'msgpack-python': 'msgpack',
  'python-graphviz': 'graphviz',
  typing_extensions: 'typing-extensions',
  importlib_metadata: 'importlib-metadata',
  prompt_toolkit: 'prompt-toolkit',
  jupyter_client: 'jupyter-client',
  pyqt: 'pyqt5',
}

/** Parts of a Jupyter server, or tools outside Python: the browser page plays their role.
 *  Compared after PEP 503 normalisation. */
export const SERVER_ONLY: ReadonlySet<string> = new Set([
  'xeus-python', // a Jupyter kernel for Python: the browser's Pyodide kernel plays its part
  'libgfortran', // a native runtime library conda installs for numpy; Pyodide's numpy has its own build
  'jupyter',
  'jupyterlab',
  'notebook',
  'nbclassic',
  'jupyter-server',
  'jupyterhub',
  'voila',
  'jupyter-server-proxy',
  'nbgitpuller',
  'jupyter-collaboration',
  'jupyterlab-git',
  'jupyter-resource-usage',
  'jupyter-offlinenotebook',
  'ipykernel',
  'xeus-python',
  'jupyterlab-fasta',
  'jupyterlab-geojson',
  'jupyter-contrib-nbextensions',
  'jupyterlab-myst',
  'jupyterlab-lsp',
  'rise',
  'nb-conda-kernels',
  'nbserverproxy',
  'pip',
  'wheel',
  'conda',
  'mamba',
  'vim',
  'git',
  'nodejs',
  'make',
  'curl',
  'wget',
])

/** Conda packages that make the environment need a server: another language or a system tool. */
export function isNonPythonConda(name: string): string | undefined {
  if (/^r-/.test(name) || name === 'r-base' || name === 'r') return 'an R package'
  if (name === 'julia') return 'Julia'
  if (/^(gcc|gxx|gfortran|cmake|openjdk|cudatoolkit|cuda-.*|compilers)$/.test(name))
    return 'a compiler or system toolkit'
  // xeus kernels for other languages (xeus-cling: C++) and the C++ libraries they use: conda-only
  // native code. xeus-python is a kernel for Python, which the browser's kernel stands in for.
  if (name !== 'xeus-python' && /^(xeus|xtensor|xtl)(-.*)?$/.test(name)) return 'a C++ kernel or library'
  return undefined
}
