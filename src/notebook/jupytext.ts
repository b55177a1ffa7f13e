// Notebooks kept as text by jupytext (https://jupytext.readthedocs.io/en/latest/formats-markdown.html,
// formats-scripts.html#the-percent-format): a `.md` with a `jupyter:` YAML header, code in fenced
// blocks; a `.py` in the percent format, cells opened by `# %%`. Only these two are read; other
// text files stay text. The header is kept verbatim so a save writes the same file back.
import { parse as parseYaml } from 'yaml'

export interface TextCell {
  cell_type: 'code' | 'markdown'
  source: string
}

export interface TextNotebook {
  cells: Array<TextCell & { metadata: Record<string, never>; outputs?: []; execution_count?: null }>
  metadata: { kernelspec?: { name: string; display_name: string; language: string }; jupytext: { header: string } }
  nbformat: 4
  nbformat_minor: 5
}

type Format = { kind: 'md' } | { kind: 'py' }

/** The header and body of a jupytext file, or undefined when `text` is not one. */
function splitHeader(
  path: string,
  text: string,
): { format: Format; header: string; yaml: string; body: string } | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  const isMd = /\.md$/i.test(path)
  if (!isMd && !/\.py$/i.test(path)) return undefined
  const fence = isMd ? '---' : '# ---'
  if (lines[0] !== fence) return undefined
  const end = lines.indexOf(fence, 1)
  if (end < 0) return undefined
  const yamlLines = lines.slice(1, end).map((l) => (isMd ? l : l.replace(/^# ?/, '')))
  const yaml = yamlLines.join('\n')
  if (!/^jupyter:/m.test(yaml) || !/jupytext:/.test(yaml)) return undefined
  // The percent format only: light scripts have no cell markers to read back.
  if (!isMd && !/format_name:\s*percent/.test(yaml)) return undefined
  const body = lines.slice(end + 1).join('\n')
  return { format: isMd ? { kind: 'md' } : { kind: 'py' }, header: lines.slice(0, end + 1).join('\n'), yaml, body }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function kernelspecOf(yaml: string): TextNotebook['metadata']['kernelspec'] {
  try {
    const doc: unknown = parseYaml(yaml)
    const jupyter: unknown = isRecord(doc) ? doc.jupyter : undefined
    const ks: unknown = isRecord(jupyter) ? jupyter.kernelspec : undefined
    if (isRecord(ks) && typeof ks.name === 'string')
      return {
        name: ks.name,
        display_name: String(ks.display_name ?? ks.name),
        language: String(ks.language ?? 'python'),
      }
  } catch {
    // A header that is not YAML still opens; the notebook then asks for the default kernel.
  }
  return undefined
}

const trimBlank = (s: string) =>
  s
    .replace(/^\s*\n/, '')
    .replace(/\n\s*$/, '')
    .replace(/^\n+|\n+$/g, '')

function mdCells(body: string, language: string): TextCell[] {
  const cells: TextCell[] = []
  let text: string[] = []
  let code: string[] | null = null
  const flushText = () => {
    const s = trimBlank(text.join('\n'))
    if (s.trim()) cells.push({ cell_type: 'markdown', source: s })
    text = []
  }
  for (const line of body.split('\n')) {
    if (code) {
      if (line === '```') {
        cells.push({ cell_type: 'code', source: code.join('\n') })
        code = null
      } else code.push(line)
    } else if (line === '```' + language || line === '```{code-cell}') {
      flushText()
      code = []
    } else text.push(line)
  }
  if (code) text.push('```' + language, ...code)
  flushText()
  return cells
}

function pyCells(body: string): TextCell[] {
  const cells: TextCell[] = []
  let cur: { type: TextCell['cell_type']; lines: string[] } | null = null
  const flush = () => {
    if (!cur) return
    const src = trimBlank(cur.lines.join('\n'))
    cells.push({
      cell_type: cur.type,
      source:
        cur.type === 'markdown'
          ? src
              .split('\n')
              .map((l) => l.replace(/^# ?/, ''))
              .join('\n')
          : src,
    })
  }
  for (const line of body.split('\n')) {
    const marker = /^# %%(.*)$/.exec(line)
    if (marker) {
      flush()
      cur = { type: /\[markdown\]|\[md\]/.test(marker[1]) ? 'markdown' : 'code', lines: [] }
    } else if (cur) cur.lines.push(line)
    else if (line.trim()) cur = { type: 'code', lines: [line] }
  }
  flush()
  return cells
}

/** A jupytext file as notebook JSON, or undefined when the file is plain text. */
export function jupytextToNotebook(path: string, text: string): TextNotebook | undefined {
  const split = splitHeader(path, text)
  if (!split) return undefined
  const kernelspec = kernelspecOf(split.yaml)
  const cells = split.format.kind === 'md' ? mdCells(split.body, kernelspec?.language ?? 'python') : pyCells(split.body)
  return {
    cells: cells.map((c) =>
      c.cell_type === 'code' ? { ...c, metadata: {}, outputs: [], execution_count: null } : { ...c, metadata: {} },
    ),
    metadata: { ...(kernelspec ? { kernelspec } : {}), jupytext: { header: split.header } },
    nbformat: 4,
    nbformat_minor: 5,
  }
}

/** Writes cells back in the file's format, under its original header. Outputs are not kept. */
export function notebookToJupytext(path: string, header: string, cells: TextCell[], language = 'python'): string {
  const isMd = /\.md$/i.test(path)
  const parts = cells.map((c) => {
    if (isMd) return c.cell_type === 'code' ? '```' + language + '\n' + c.source + '\n```' : c.source
    if (c.cell_type === 'code') return `# %%\n${c.source}`
    return `# %% [markdown]\n${c.source
      .split('\n')
      .map((l) => (l ? `# ${l}` : '#'))
      .join('\n')}`
  })
  return `${header}\n\n${parts.join('\n\n')}\n`
}

/** Whether a file opens as a notebook: .ipynb, or a jupytext text notebook. */
export function isTextNotebook(path: string, text: string | undefined): boolean {
  return text !== undefined && splitHeader(path, text) !== undefined
}

/**
 * The text to save for notebook JSON from JupyterLab, or undefined when nothing the text format
 * keeps has changed (so a save after the kernel fills in metadata leaves the file untouched).
 */
export function jupytextForSave(path: string, current: string, json: unknown): string | undefined {
  const before = jupytextToNotebook(path, current)
  if (!before || typeof json !== 'object' || json === null || !('cells' in json) || !Array.isArray(json.cells))
    return undefined
  const cells: TextCell[] = json.cells.map((c: { cell_type?: unknown; source?: unknown }) => ({
    cell_type: c.cell_type === 'code' ? 'code' : 'markdown',
    source: Array.isArray(c.source) ? c.source.join('') : String(c.source ?? ''),
  }))
  const same =
    cells.length === before.cells.length &&
    cells.every((c, i) => c.cell_type === before.cells[i].cell_type && c.source === before.cells[i].source)
  return same
    ? undefined
    : notebookToJupytext(path, before.metadata.jupytext.header, cells, before.metadata.kernelspec?.language)
}
