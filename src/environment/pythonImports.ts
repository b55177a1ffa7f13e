// The top-level modules a piece of Python (a notebook's code cell) imports, found without running
// or parsing it: the launch worker has no Python `ast`. One pass splits the text into logical lines
// as Python's tokenizer would (strings blanked, comments dropped, brackets and backslashes joining
// lines), then reads `import a.b as c, d` and `from a.b import x` statements. Relative imports
// (`from . import x`) name the repository's own modules and are left out; so are IPython magics
// (`%pip …`, `!ls`) and cells of another language (`%%bash`).
// https://docs.python.org/3/reference/lexical_analysis.html#line-structure

/** Cell magics whose body is still Python (IPython runs it after timing or capturing). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug'])

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Logical lines of `code` with string literals blanked and comments removed. */
export function logicalLines(code: string): string[] {
  const out: string[] = []
  let cur = ''
  let depth = 0
  const n = code.length
  const skipToEol = (i: number) => {
    const j = code.indexOf('\n', i)
    return j === -1 ? n : j
  }
  for (let i = 0; i < n;) {
    const c = code[i]
    if (c === '#') {
      i = skipToEol(i)
      continue
    }
    if (c === '"' || c === "'") {
      const quote = code.startsWith(c.repeat(3), i) ? c.repeat(3) : c
      let j = i + quote.length
      let end = n
      while (j < n) {
        if (code.startsWith(quote, j)) {
          end = j + quote.length
          break
        }
        if (code[j] === '\n' && quote.length === 1) {
          end = j
          break
        } // unterminated: Python stops here too
        j += code[j] === '\\' ? 2 : 1
      }
      i = end
      cur += '""'
      continue
    }
    if (c === '\\' && (code[i + 1] === '\n' || (code[i + 1] === '\r' && code[i + 2] === '\n'))) {
      i += code[i + 1] === '\n' ? 2 : 3
      cur += ' '
      continue
    }
    if (c === '\n' || (c === ';' && depth === 0)) {
      if (depth > 0) cur += ' '
      else {
        out.push(cur)
        cur = ''
      }
      i++
      continue
    }
    // IPython: a statement starting with `%` or `!` is a magic or a shell command, not Python.
    if ((c === '%' || c === '!') && depth === 0 && cur.trim() === '') {
      i = skipToEol(i)
      continue
    }
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1)
    cur += c
    i++
  }
  out.push(cur)
  return out.map((l) => l.trim()).filter((l) => l !== '')
}

// `try: import x`, `if ok: import y`: a simple statement after a compound statement's header.
const COMPOUND_HEAD = /^(?:(?:try|else|finally)\s*:|(?:if|elif|except|with|for|while)\b[^:]*:)\s*(?=(?:import|from)\s)/

function modulesOf(statement: string): string[] {
  const s = statement.replace(COMPOUND_HEAD, '')
  const from = /^from\s+([^\s(]+)\s+import\b/.exec(s)
  if (from) return from[1].startsWith('.') ? [] : [from[1].split('.')[0]]
  const imp = /^import\s+(.+)$/.exec(s)
  if (!imp) return []
  return imp[1].split(',').map((part) =>
    part
      .trim()
      .split(/\s+as\s+/)[0]
      .split('.')[0]
      .trim(),
  )
}

/** Top-level module names imported by `code` (one code cell), in order of first use. */
export function scanImports(code: string): string[] {
  const firstLine = code.trimStart().split('\n', 1)[0]
  const cellMagic = /^%%(\w+)/.exec(firstLine)
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return []
  const found = new Set<string>()
  for (const line of logicalLines(code)) {
    for (const m of modulesOf(line)) if (IDENT.test(m)) found.add(m)
  }
  return [...found]
}
