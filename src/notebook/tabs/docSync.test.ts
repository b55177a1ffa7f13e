import { YNotebook } from '@jupyter/ydoc'
import { afterEach, describe, expect, it } from 'vitest'
import type { TabChannel } from './channel'
import { createDocSync, type DocLocks } from './docSync'
import { memoryLocks } from './memoryLocks'

const opened: Array<{ close(): void }> = []
afterEach(() => {
  for (const c of opened.splice(0)) c.close()
})

const NOTEBOOK = {
  cells: [
    { cell_type: 'code' as const, source: 'a = 1', metadata: {}, outputs: [], execution_count: null },
    { cell_type: 'code' as const, source: 'b = 2', metadata: {}, outputs: [], execution_count: null },
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
}

/** One tab: its own channel object (Node's BroadcastChannel, as between tabs) and document. */
function tab(id: string, locks: DocLocks, name = 'quire-tabs:test') {
  const channel = new BroadcastChannel(name) as unknown as TabChannel
  const sync = createDocSync(channel, locks, id, { lockPrefix: 'test' })
  const nb = new YNotebook({ disableDocumentWideUndoRedo: true })
  sync.attach('a.ipynb', nb.ydoc)
  opened.push({ close: () => (sync.dispose(), channel.close()) })
  return { sync, nb }
}

/** Opens the notebook as the drive does: from the file unless a tab holding it answered. */
async function open(t: ReturnType<typeof tab>): Promise<boolean> {
  const fromPeer = await t.sync.join('a.ipynb')
  if (!fromPeer) t.nb.setSource(NOTEBOOK)
  return fromPeer
}

const sources = (nb: YNotebook) => nb.cells.map((c) => c.getSource())

describe('createDocSync', () => {
  it('a second tab takes the open document instead of the file, so cells are not doubled', async () => {
    const locks = memoryLocks()
    const a = tab('A', locks)
    const b = tab('B', locks)
    expect(await open(a)).toBe(false)
    expect(await open(b)).toBe(true)
    await expect.poll(() => sources(b.nb)).toEqual(['a = 1', 'b = 2'])
  })

  it('two tabs opening at once: one loads the file, the other joins it', async () => {
    const locks = memoryLocks()
    const [a, b] = [tab('A', locks), tab('B', locks)]
    const joined = await Promise.all([open(a), open(b)])
    expect(joined.sort()).toEqual([false, true])
    await expect
      .poll(() => [sources(a.nb), sources(b.nb)])
      .toEqual([
        ['a = 1', 'b = 2'],
        ['a = 1', 'b = 2'],
      ])
  })

  it('edits to different cells merge and edits to one cell converge, in three tabs', async () => {
    const locks = memoryLocks()
    const tabs = [tab('A', locks), tab('B', locks), tab('C', locks)]
    for (const t of tabs) await open(t)
    await expect.poll(() => sources(tabs[2].nb)).toEqual(['a = 1', 'b = 2'])
    // Concurrent: A types in cell 0, B in cell 1, C in cell 0 too.
    tabs[0].nb.cells[0].updateSource(5, 5, ' # from A')
    tabs[1].nb.cells[1].updateSource(5, 5, ' # from B')
    tabs[2].nb.cells[0].updateSource(0, 0, '# from C\n')
    const want = ['# from C\na = 1 # from A', 'b = 2 # from B']
    for (const t of tabs) await expect.poll(() => sources(t.nb)).toEqual(want)
  })

  it('a tab that closes stops being linked; one opened later gets the live state', async () => {
    const locks = memoryLocks()
    const a = tab('A', locks)
    const b = tab('B', locks)
    await open(a)
    await open(b)
    b.nb.cells[1].updateSource(0, 5, 'b = 3')
    await expect.poll(() => a.sync.isLinked('a.ipynb', 'B')).toBe(true)
    b.sync.detach('a.ipynb')
    await expect.poll(() => a.sync.isLinked('a.ipynb', 'B')).toBe(false)
    const c = tab('C', locks)
    expect(await open(c)).toBe(true)
    await expect.poll(() => sources(c.nb)).toEqual(['a = 1', 'b = 3'])
  })

  it('a tab that moves its copy after another renamed the file gets the edits sent under the new name meanwhile', async () => {
    const locks = memoryLocks()
    const a = tab('A', locks)
    const b = tab('B', locks)
    await open(a)
    await open(b)
    await expect.poll(() => sources(b.nb)).toEqual(['a = 1', 'b = 2'])
    a.sync.rename('a.ipynb', 'moved.ipynb')
    // Sent under the new name before B heard of the rename: B has no document there yet.
    a.nb.cells[0].updateSource(5, 5, ' # after the rename')
    b.nb.cells[1].updateSource(5, 5, ' # unsaved in B')
    b.sync.rename('a.ipynb', 'moved.ipynb')
    const want = ['a = 1 # after the rename', 'b = 2 # unsaved in B']
    for (const t of [a, b]) await expect.poll(() => sources(t.nb)).toEqual(want)
    await expect.poll(() => a.sync.isLinked('moved.ipynb', 'B')).toBe(true)
  })
})
