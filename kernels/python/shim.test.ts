// The IPython.display stand-in and the matplotlib inline hooks, under real Pyodide. matplotlib
// itself cannot load here (not in Pyodide's core), so a tiny module with its shape is written
// into the file system: it exercises our backend's contract (MPLBACKEND, Gcf, savefig, close).
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KernelEvent } from './protocol'
import { loadTestPyodide, plainResults, startTestHost } from './testing'

let run: Awaited<ReturnType<typeof startTestHost>>['run']
let pyodide: PyodideAPI

// 1×1 PNG built with the stdlib (zlib + struct), as the e2e notebook does.
const PNG_CODE = `import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 2, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\\x00' + b'\\xff\\x00\\x00' * 2 + b'\\x00' + b'\\x00\\x00\\xff' * 2)) + chunk(b'IEND', b'')
`

const FAKE_MPL: Record<string, string> = {
  'matplotlib/__init__.py': 'import os\ndef get_backend():\n    return os.environ.get("MPLBACKEND", "agg")\n',
  'matplotlib/_pylab_helpers.py':
    'class Gcf:\n    managers = {}\n    @classmethod\n    def get_all_fig_managers(cls):\n        return list(cls.managers.values())\n',
  'matplotlib/backends/__init__.py': '',
  'matplotlib/backends/backend_agg.py':
    'class FigureCanvasAgg:\n    def __init__(self, figure):\n        self.figure = figure\n',
  'matplotlib/pyplot.py': [
    'import importlib, os, matplotlib',
    'from matplotlib._pylab_helpers import Gcf',
    '_backend = importlib.import_module(os.environ["MPLBACKEND"][len("module://"):])',
    'class Figure:',
    '    def __init__(self, n): self.n = n',
    '    def savefig(self, f, format=None, **kw): f.write(b"\\x89PNG fake figure %d" % self.n)',
    '    def __repr__(self): return f"<Figure {self.n}>"',
    'class Manager:',
    '    def __init__(self, fig): self.canvas = _backend.FigureCanvas(fig)',
    'def figure():',
    '    n = len(Gcf.managers) + 1',
    '    Gcf.managers[n] = Manager(Figure(n))',
    '    return Gcf.managers[n].canvas.figure',
    'def close(which="all"): Gcf.managers.clear()',
    'def show(): _backend.show()',
    'def get_backend(): return matplotlib.get_backend()',
    'def switch_backend(name): os.environ["MPLBACKEND"] = name',
  ].join('\n'),
}

beforeAll(async () => {
  pyodide = await loadTestPyodide()
  const dir = '/home/pyodide/fake-site'
  for (const [path, text] of Object.entries(FAKE_MPL)) {
    pyodide.FS.mkdirTree(`${dir}/${path.slice(0, path.lastIndexOf('/'))}`)
    pyodide.FS.writeFile(`${dir}/${path}`, text)
  }
  pyodide.runPython(`import sys; sys.path.append(${JSON.stringify(dir)})`)
  ;({ run } = await startTestHost(pyodide))
})

const displayed = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'display_data' ? [e.content] : []))
const result = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'execute_result' ? [e.content] : []))[0]

describe('IPython.display shim', () => {
  it('is importable without IPython and shows HTML, Markdown, Math, Latex, SVG, JSON, Javascript', async () => {
    const { result: status, events } = await run(
      [
        'import IPython',
        'from IPython.display import HTML, Markdown, Math, Latex, SVG, JSON, Javascript, display',
        'display(HTML("<b>x</b>"), Markdown("# t"), Math("x^2"), Latex("$y$"), SVG("<svg></svg>"), JSON({"k": [1]}), Javascript("1+1"))',
        'IPython.__version__',
      ].join('\n'),
    )
    expect(status).toEqual({ status: 'ok' })
    expect(displayed(events).map((c) => c.data)).toMatchObject([
      { 'text/html': '<b>x</b>' },
      { 'text/markdown': '# t' },
      { 'text/latex': '$\\displaystyle x^2$' },
      { 'text/latex': '$y$' },
      { 'image/svg+xml': '<svg></svg>' },
      { 'application/json': { k: [1] } },
      { 'application/javascript': '1+1' },
    ])
    expect(plainResults(events)).toEqual(["'0.0.0+quire-shim'"])
  })

  it('Image from bytes, a file and a URL', async () => {
    await run(`${PNG_CODE}open('dot.png', 'wb').write(png)`)
    const bytes = await run('from IPython.display import Image\nImage(png, width=40)')
    expect(result(bytes.events)).toMatchObject({
      data: { 'image/png': expect.stringMatching(/^iVBORw0KGgo/) },
      metadata: { 'image/png': { width: 40 } },
    })
    const file = await run('Image(filename="dot.png")')
    expect(result(file.events).data['image/png']).toBe(result(bytes.events).data['image/png'])
    const url = await run('Image(url="https://example.org/a.png")')
    expect(result(url.events).data).toMatchObject({ 'text/html': '<img src="https://example.org/a.png"/>' })
    expect(result(url.events).data).not.toHaveProperty('image/png')
  })

  it('IPython.core.display and get_ipython work as tutorials use them', async () => {
    const { events } = await run(
      'from IPython.core.display import HTML\nfrom IPython import get_ipython\n(type(get_ipython()).__name__, HTML("<p>").data)',
    )
    expect(plainResults(events)).toEqual(["('Shell', '<p>')"])
  })
})

describe('matplotlib inline hooks (with a stand-in matplotlib)', () => {
  it('shows figures left open after the cell as PNG, once', async () => {
    const { events } = await run('import matplotlib.pyplot as plt\nplt.figure()\nplt.figure();')
    expect(displayed(events).map((c) => c.data['image/png'])).toEqual([
      btoa('\x89PNG fake figure 1'),
      btoa('\x89PNG fake figure 2'),
    ])
    expect(displayed((await run('1;')).events)).toEqual([])
  })

  it('plt.show() displays at that point in the output, then closes', async () => {
    const { events } = await run('plt.figure()\nprint("a")\nplt.show()\nprint("b")')
    expect(events.map((e) => e.type)).toEqual(['stream', 'display_data', 'stream'])
  })

  it('%matplotlib inline is accepted', async () => {
    const { result: status, events } = await run('%matplotlib inline\nplt.get_backend()')
    expect(status).toEqual({ status: 'ok' })
    expect(plainResults(events)).toEqual(["'module://quire_kernel.mpl_backend'"])
  })
})
