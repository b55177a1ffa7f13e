// The overlay shared by several tabs, under random interleavings of their saves and of the
// messages between them (fast-check's scheduler decides every order): whatever the order, every
// tab ends showing what the store holds, and no tab's last save of a file is lost without a trace.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { Workspace, type EditEntry, type EditStore } from '../workspace'
import type { TabChannel, TabMessage } from './channel'
import { broadcastingStore, listenForFiles } from './overlaySync'

const PATHS = ['a.txt', 'b.txt', 'new.txt'] as const
const ORIGINAL = [{ path: 'a.txt', data: new TextEncoder().encode('original a') }]

interface Stored {
  entry: EditEntry
  rev: number
  tab: string
}

/**
 * IndexedDB's guarantees, in memory: each write is atomic and writes are stored one at a time (the
 * scheduler picks which waiting one goes next); a write keeps the record it replaces in a history,
 * as src/store/history.ts does for another tab's version, and numbers it in store order.
 */
function sharedStore(s: fc.Scheduler) {
  const records = new Map<string, Stored>()
  const history: EditEntry[] = []
  let clock = 0
  const write = async (tab: string, path: string, entry: EditEntry | null, base?: number): Promise<number> => {
    await s.schedule(Promise.resolve(), `store ${path}`)
    const old = records.get(path)
    // A document's save made from before another tab's write is refused (src/store/history.ts isStaleSave).
    if (base !== undefined && old && old.rev > base && old.tab !== tab)
      throw new AppError('EDIT_CONFLICT', 'stale', { path, rev: old.rev, tab: old.tab, entry: old.entry })
    if (old) history.push(old.entry)
    const rev = ++clock
    if (entry) records.set(path, { entry, rev, tab })
    else records.delete(path)
    return rev
  }
  const storeOf = (tab: string): EditStore => ({
    list: async () => [...records.values()].map((r) => ({ ...r.entry, rev: r.rev })),
    put: (path, content, base) =>
      write(tab, path, typeof content === 'string' ? { path, content } : { path, bytes: content }, base),
    markDeleted: (path) => write(tab, path, { path, deleted: true }),
    forget: (path) => write(tab, path, null),
  })
  return { storeOf, records, history }
}

/** BroadcastChannel between tabs, each delivery an event the scheduler orders (per sender, in order). */
function channels(s: fc.Scheduler, n: number): TabChannel[] {
  const listeners: Array<Set<(e: MessageEvent<TabMessage>) => void>> = []
  const lines = new Map<string, Promise<void>>()
  return Array.from({ length: n }, (_, i) => {
    const mine = new Set<(e: MessageEvent<TabMessage>) => void>()
    listeners.push(mine)
    return {
      postMessage(m: TabMessage) {
        for (let j = 0; j < n; j++) {
          if (j === i) continue
          const line = `${i}->${j}`
          const prev = lines.get(line) ?? Promise.resolve()
          const next = prev
            .then(() => s.schedule(Promise.resolve(), `deliver ${line} ${m.kind}`))
            .then(() => {
              for (const l of listeners[j]) l({ data: structuredClone(m) } as MessageEvent<TabMessage>)
            })
          lines.set(line, next)
        }
      },
      addEventListener: (_: 'message', l: (e: MessageEvent<TabMessage>) => void) => void mine.add(l),
      removeEventListener: (_: 'message', l: (e: MessageEvent<TabMessage>) => void) => void mine.delete(l),
      close: () => mine.clear(),
    }
  })
}

const op = fc.record({
  tab: fc.integer({ min: 0, max: 2 }),
  path: fc.constantFrom(...PATHS),
  kind: fc.constantFrom('write', 'write', 'save', 'save', 'remove'),
  // What the user answers if this save meets another tab's newer write.
  keepMine: fc.boolean(),
})

describe('the overlay shared between tabs', () => {
  it('converges to the store in every tab and keeps every replaced save; a stale document save asks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(op, { minLength: 1, maxLength: 12 }), async (s, ops) => {
        const shared = sharedStore(s)
        const chans = channels(s, 3)
        const answers = new Map<string, 'mine' | 'theirs'>()
        const pendingSave = new Map<string, string>()
        const declined = new Set<string>()
        const tabs = await Promise.all(
          chans.map(async (c, i) => {
            const ws = await Workspace.load(ORIGINAL, broadcastingStore(shared.storeOf(`tab${i}`), c, `tab${i}`))
            listenForFiles(c, `tab${i}`, (m) => ws.applyRemote(m.path, m.entry, m.rev))
            ws.onConflict(async (conflict) => {
              const choice = answers.get(`${i}:${conflict.path}`) ?? 'mine'
              if (choice === 'theirs') declined.add(pendingSave.get(`${i}:${conflict.path}`) ?? '')
              return choice
            })
            return ws
          }),
        )
        const lastSaved = new Map<string, string>()
        const running = ops.map((o, i) =>
          s.schedule(Promise.resolve(), `op ${i}`).then(async () => {
            const ws = tabs[o.tab]
            if (o.kind === 'write' || o.kind === 'save') {
              const content = `tab${o.tab} op${i}`
              lastSaved.set(`${o.tab}:${o.path}`, content)
              if (o.kind === 'write') return ws.write(o.path, content)
              answers.set(`${o.tab}:${o.path}`, o.keepMine ? 'mine' : 'theirs')
              pendingSave.set(`${o.tab}:${o.path}`, content)
              await ws.saveDocument(o.path, content)
            } else if (ws.has(o.path)) await ws.remove(o.path)
          }),
        )
        // Until nothing is left: deliveries are scheduled as earlier ones settle.
        for (;;) {
          await new Promise((r) => setImmediate(r))
          if (s.count() === 0) break
          await s.waitAll()
        }
        await Promise.all(running)

        const expected = (path: string) => {
          const r = shared.records.get(path)
          if (!r) return path === 'a.txt' ? 'original a' : undefined
          return r.entry.deleted ? undefined : r.entry.content
        }
        for (const ws of tabs) for (const p of PATHS) expect([p, ws.text(p)]).toEqual([p, expected(p)])
        // Each tab's last save of each file is the store's version, or a kept one, or one its user
        // chose to drop when asked: a save that met another tab's newer write never overwrote it unseen.
        const kept = new Set([
          ...shared.history.map((e) => e.content),
          ...[...shared.records.values()].map((r) => r.entry.content),
        ])
        for (const content of lastSaved.values()) if (!declined.has(content)) expect(kept).toContain(content)
      }),
      { numRuns: 300 },
    )
  })
})
