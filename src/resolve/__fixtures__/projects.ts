// Index fixtures shaped like PyPI's answers, with requires_dist copied from the real projects.
import { project } from './fakeIndex'

const py3 = (name: string, version: string) => `${name}-${version}-py3-none-any.whl`
const sdist = (name: string, version: string) => `${name}-${version}.tar.gz`

export const seaborn = project('seaborn', {
  '0.12.2': { files: [sdist('seaborn', '0.12.2'), py3('seaborn', '0.12.2')], requiresDist: ['numpy!=1.24.0,>=1.17', 'pandas>=0.25', 'matplotlib!=3.6.1,>=3.1', "typing_extensions ; python_version < '3.8'", "scipy>=1.3 ; extra == 'stats'"] },
  '0.13.2': {
    files: [sdist('seaborn', '0.13.2'), py3('seaborn', '0.13.2')],
    requiresPython: '>=3.8',
    requiresDist: ['numpy!=1.24.0,>=1.20', 'pandas>=1.2', 'matplotlib!=3.6.1,>=3.4', "pytest ; extra == 'dev'", "pydata_sphinx_theme==0.10.0rc2 ; extra == 'docs'", "scipy>=1.7 ; extra == 'stats'", "statsmodels>=0.12 ; extra == 'stats'"],
  },
  '0.14.0rc1': { files: [py3('seaborn', '0.14.0rc1')], requiresDist: ['numpy>=1.20', 'pandas>=1.2', 'matplotlib>=3.4'] },
})

export const ipywidgets = project('ipywidgets', {
  '8.1.5': { files: [py3('ipywidgets', '8.1.5')], requiresDist: ['comm>=0.1.3', 'ipython>=6.1.0', 'traitlets>=4.3.1', 'widgetsnbextension~=4.0.12', 'jupyterlab_widgets~=3.0.12', "jsonschema ; extra == 'test'"] },
  '8.1.7': { files: [py3('ipywidgets', '8.1.7')], requiresDist: ['comm>=0.1.3', 'ipython>=6.1.0', 'traitlets>=4.3.1', 'widgetsnbextension~=4.0.14', 'jupyterlab_widgets~=3.0.15', "jsonschema ; extra == 'test'", "ipykernel ; extra == 'test'"] },
})
export const comm = project('comm', { '0.2.2': { files: [py3('comm', '0.2.2')], requiresDist: ['traitlets>=4'] } })
export const widgetsnbextension = project('widgetsnbextension', {
  '4.0.13': { files: [py3('widgetsnbextension', '4.0.13')] },
  '4.0.14': { files: [py3('widgetsnbextension', '4.0.14')] },
  '4.0.15': { files: [py3('widgetsnbextension', '4.0.15')], yanked: true },
})
export const jupyterlabWidgets = project('jupyterlab_widgets', {
  '3.0.15': { files: [py3('jupyterlab_widgets', '3.0.15')] },
  '4.0.0a1': { files: [py3('jupyterlab_widgets', '4.0.0a1')] },
})

/** numpy as PyPI has it: no wheel for the browser, only native platforms and an sdist. */
export const numpy = project('numpy', {
  '1.26.4': { files: [sdist('numpy', '1.26.4'), 'numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'numpy-1.26.4-cp312-cp312-win_amd64.whl'] },
  '2.4.6': { files: [sdist('numpy', '2.4.6'), 'numpy-2.4.6-cp314-cp314-manylinux_2_27_x86_64.whl'] },
})

/** A compiled project that ships wasm32 builds next to native ones. */
export const fastthing = project('fastthing', {
  '1.0': { files: ['fastthing-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl', py3('fastthing', '1.0')] },
  '1.1': { files: ['fastthing-1.1-cp312-abi3-pyemscripten_2026_0_wasm32.whl', 'fastthing-1.1-cp312-abi3-manylinux_2_17_x86_64.whl'] },
  '1.2': { files: ['fastthing-1.2-cp313-cp313-pyemscripten_2025_0_wasm32.whl', sdist('fastthing', '1.2')] },
  '1.3': { files: [py3('fastthing', '1.3')], requiresPython: '>=3.15' },
})

/** Asks for an old numpy, as many 2016-era Binder repos do. */
export const oldpins = project('oldpins', { '1.0': { files: [py3('oldpins', '1.0')], requiresDist: ['numpy<2'] } })

/** requests as PyPI describes the version Pyodide ships, for extras on a Pyodide package. */
export const requests = project('requests', {
  '2.33.1': { files: [py3('requests', '2.33.1')], requiresDist: ['charset_normalizer<4,>=2', 'idna<4,>=2.5', 'urllib3<3,>=1.21.1', 'certifi>=2017.4.17', "PySocks!=1.5.7,>=1.5.6 ; extra == 'socks'", "chardet<6,>=3.0.2 ; extra == 'use-chardet-on-py3'"] },
})
export const pysocks = project('PySocks', { '1.7.1': { files: ['PySocks-1.7.1-py3-none-any.whl'] } })

/** Asks for a comm older than any release: a conflict with an index package (no drift there). */
export const oldcomm = project('oldcomm', { '1.0': { files: [py3('oldcomm', '1.0')], requiresDist: ['comm<0.2'] } })

/** six as PyPI has it: an old pure-Python release the lock's newer build does not meet. */
export const six = project('six', { '1.12.0': { files: ['six-1.12.0-py2.py3-none-any.whl'] } })

/** Backtracking: alpha's newest release pins a beta that a top-level `beta<2` rules out. */
export const alpha = project('alpha', {
  '1.0': { files: [py3('alpha', '1.0')], requiresDist: ['beta>=1'] },
  '2.0': { files: [py3('alpha', '2.0')], requiresDist: ['beta==2.0'] },
})
export const beta = project('beta', { '1.0': { files: [py3('beta', '1.0')] }, '2.0': { files: [py3('beta', '2.0')] } })
/** Backtracking: gamma's newest release is chosen first, then delta asks for an older one. */
export const gamma = project('gamma', { '1.0': { files: [py3('gamma', '1.0')] }, '2.0': { files: [py3('gamma', '2.0')] } })
export const delta = project('delta', { '1.0': { files: [py3('delta', '1.0')], requiresDist: ['gamma<2'] } })

export const ALL = [alpha, beta, gamma, delta, seaborn, ipywidgets, comm, widgetsnbextension, jupyterlabWidgets, numpy, fastthing, oldpins, requests, pysocks, oldcomm, six]
