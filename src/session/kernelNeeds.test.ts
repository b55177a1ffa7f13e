import { describe, expect, it } from 'vitest'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { PreparedLaunch } from '../prepare/types'
import { needsPythonEarly, notebookLanguage } from './kernelNeeds'
import { launchPreboot, type LaunchPrebootIo } from './launchPreboot'
import { recallLanguages, rememberLanguages } from './languageMemo'

const nb = (metadata: unknown) => JSON.stringify({ cells: [], metadata, nbformat: 4, nbformat_minor: 5 })
const R = nb({ kernelspec: { name: 'ir', language: 'R', display_name: 'R' } })
const PY = nb({ kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } })

describe('notebookLanguage', () => {
  it('reads IRkernel, bare R and Python kernelspecs, then language_info', () => {
    expect(notebookLanguage(R)).toBe('r')
    expect(notebookLanguage(nb({ kernelspec: { name: 'R' } }))).toBe('r')
    expect(notebookLanguage(PY)).toBe('python')
    expect(notebookLanguage(nb({ language_info: { name: 'python' } }))).toBe('python')
    expect(notebookLanguage(nb({ language_info: { name: 'R' } }))).toBe('r')
  })
  it('calls anything else unknown', () => {
    expect(notebookLanguage(nb({}))).toBe('unknown')
    expect(notebookLanguage(nb({ kernelspec: { name: 'julia-1.10', language: 'julia' } }))).toBe('unknown')
    expect(notebookLanguage('{not json')).toBe('unknown')
    expect(notebookLanguage('null')).toBe('unknown')
  })
})

describe('needsPythonEarly', () => {
  const r = { path: 'a.ipynb', language: 'r' } as const
  const py = { path: 'b.ipynb', language: 'python' } as const
  const unknown = { path: 'c.ipynb', language: 'unknown' } as const
  it('boots Python for a repository never seen, and for any Python or unknown notebook', () => {
    expect(needsPythonEarly(undefined)).toBe(true)
    expect(needsPythonEarly([r, py])).toBe(true)
    expect(needsPythonEarly([r, unknown])).toBe(true)
  })
  it('boots none for R-only repositories or none without notebooks', () => {
    expect(needsPythonEarly([r, { ...r, path: 'd.ipynb' }])).toBe(false)
    expect(needsPythonEarly([])).toBe(false)
  })
  it('follows the notebook the link names', () => {
    expect(needsPythonEarly([r, py], 'a.ipynb')).toBe(false)
    expect(needsPythonEarly([r, py], 'b.ipynb')).toBe(true)
    // A labpath to a README: whichever notebook opens first decides, so any Python one counts.
    expect(needsPythonEarly([r, py], 'README.md')).toBe(true)
  })
})

function memoryStore() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
}

describe('languageMemo', () => {
  it('remembers per link and ignores damaged or blocked storage', () => {
    const store = memoryStore()
    rememberLanguages(() => store, 'gh:o/r@main', [{ path: 'a.ipynb', language: 'r' }])
    expect(recallLanguages(() => store, 'gh:o/r@main')).toEqual([{ path: 'a.ipynb', language: 'r' }])
    expect(recallLanguages(() => store, 'gh:o/other@main')).toBeUndefined()
    store.setItem('quire:notebook-languages:x', '[{"path":1}]')
    expect(recallLanguages(() => store, 'x')).toBeUndefined()
    const blocked = () => {
      throw new DOMException('denied', 'SecurityError')
    }
    expect(recallLanguages(blocked, 'x')).toBeUndefined()
    expect(() => rememberLanguages(blocked, 'x', [])).not.toThrow()
  })
})

describe('launchPreboot', () => {
  const spec: LaunchSpec = {
    provider: 'gh',
    repo: 'o/r',
    repoUrl: 'https://github.com/o/r.git',
    ref: 'main',
    key: 'gh:o/r@main',
    name: 'r',
  }
  const config = {} as QuireConfig
  const prepared = (
    files: Record<string, string>,
    verdict: PreparedLaunch['verdict'] = { kind: 'browser', reasons: [] },
  ) =>
    ({
      files: Object.entries(files).map(([path, text]) => ({ path, data: new TextEncoder().encode(text) })),
      notebooks: Object.keys(files).filter((p) => p.endsWith('.ipynb')),
      verdict,
    }) as PreparedLaunch
  function setUp() {
    const events: string[] = []
    const io: LaunchPrebootIo = {
      store: (() => {
        const s = memoryStore()
        return () => s
      })(),
      start: () => {
        events.push('start')
        return () => events.push('end')
      },
    }
    return { events, io }
  }

  it('starts Python for a link never seen, ends it once the repository turns out R-only, and starts none the next time', () => {
    const { events, io } = setUp()
    launchPreboot(spec, config, io).prepared(prepared({ 'a.ipynb': R, 'b.ipynb': R }), 'a.ipynb')
    expect(events).toEqual(['start', 'end'])
    launchPreboot(spec, config, io).prepared(prepared({ 'a.ipynb': R, 'b.ipynb': R }), 'a.ipynb')
    expect(events).toEqual(['start', 'end'])
  })

  it('keeps Python for a Python notebook, and starts it late when the remembered guess was wrong', () => {
    const { events, io } = setUp()
    const first = launchPreboot(spec, config, io)
    first.prepared(prepared({ 'a.ipynb': R }), 'a.ipynb')
    // The repository gained a Python notebook: the next launch guesses R only, then learns better.
    const second = launchPreboot(spec, config, io)
    expect(events).toEqual(['start', 'end'])
    second.prepared(prepared({ 'a.ipynb': R, 'b.ipynb': PY }), 'b.ipynb')
    expect(events).toEqual(['start', 'end', 'start'])
    second.end()
    expect(events).toEqual(['start', 'end', 'start', 'end'])
  })

  it('starts nothing once the launch has ended (a late prepare of a launch left behind)', () => {
    const { events, io } = setUp()
    const launch = launchPreboot(spec, config, io)
    launch.end()
    launch.prepared(prepared({ 'a.ipynb': PY }), 'a.ipynb')
    expect(events).toEqual(['start', 'end'])
  })

  it('starts nothing for a server application link, and ends Python for a hub verdict', () => {
    const { events, io } = setUp()
    launchPreboot(
      { ...spec, serverApp: { urlpath: 'rstudio', reason: 'RStudio needs a server' } },
      config,
      io,
    ).prepared(prepared({ 'a.ipynb': PY }, { kind: 'hub', reasons: [] }), 'a.ipynb')
    expect(events).toEqual([])
    launchPreboot(spec, config, io).prepared(prepared({ 'a.ipynb': PY }, { kind: 'hub', reasons: [] }), 'a.ipynb')
    expect(events).toEqual(['start', 'end'])
  })
})
