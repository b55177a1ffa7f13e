// What the cross-browser tests do in a page, written once for every engine (engines.ts): polling
// for a condition, running a cell, reading outputs and IndexedDB. Each is plain script text, since
// WebDriver runs strings in the page.
import assert from 'node:assert/strict'
import type { EnginePage } from './engines'

/** Polls `body` in the page until it returns something truthy; fails with the last value seen. */
export async function until<T>(page: EnginePage, body: string, what: string, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < end) {
    last = await page.evaluate<T>(body)
    if (last) return last as T
    await new Promise((r) => setTimeout(r, 250))
  }
  const shown = await page.evaluate<string>('return document.body.innerText.slice(0, 1500)')
  assert.fail(`${page.engine}: ${what} never held (last ${JSON.stringify(last)}); the page shows:\n${shown}`)
}

export const OUTPUTS = `return [...document.querySelectorAll('.jp-CodeCell')].map((c) =>
  c.querySelector('.jp-OutputArea-output')?.textContent ?? '')`

/** The whole output area of the `cell`th code cell (every output, not only the first). */
export const outputText = (cell: number) =>
  `return document.querySelectorAll('.jp-CodeCell')[${cell}]?.querySelector('.jp-OutputArea')?.textContent ?? ''`

export const outputContains = (cell: number, text: string) =>
  `const o = document.querySelectorAll('.jp-CodeCell')[${cell}]?.querySelector('.jp-OutputArea');
   return !!o && o.textContent.includes(${JSON.stringify(text)})`

export const KERNEL_IDLE = `return /Kernel Idle/.test(
  document.querySelector('[data-jp-item-name="kernel-status"]')?.title ?? '')`

export const INTERRUPT = `document.querySelector(
  '[data-jp-item-name="interrupt"] jp-button, [data-jp-item-name="interrupt"] button')`

/** Runs the `cell`th code cell by Shift+Enter, after replacing its source with `code` when given. */
export async function runCell(page: EnginePage, cell: number, code?: string): Promise<void> {
  // Marked by index: CSS cannot count code cells among markdown ones (nth-of-type counts every div).
  await page.evaluate(`
    for (const el of document.querySelectorAll('[data-cross-target]')) el.removeAttribute('data-cross-target')
    document.querySelectorAll('.jp-CodeCell')[${cell}].querySelector('.cm-content').setAttribute('data-cross-target', '')`)
  await page.click('[data-cross-target]')
  await page.evaluate(`document.querySelector('[data-cross-target]').focus()`)
  if (code !== undefined) await page.evaluate(`document.execCommand('selectAll')`)
  await page.type(code ?? '', true)
}

/** Script (WebDriver awaits its promise) giving `read(store)`'s result from Quire's IndexedDB. */
const fromStore = (store: string, read: string, result = 'r.result') => `return new Promise((ok, fail) => {
  const req = indexedDB.open('quire')
  req.onerror = () => fail(req.error)
  req.onsuccess = () => {
    const db = req.result
    const r = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).${read}
    r.onsuccess = () => { db.close(); ok(${result}) }
    r.onerror = () => fail(r.error)
  }
})`

/** Whether a stored edit (the overlay autosave writes) contains `text`. */
export const editStored = (text: string) =>
  fromStore('edits', 'getAll()', `r.result.some((e) => (e.content ?? '').includes(${JSON.stringify(text)}))`)

/** How many kernel snapshots are stored (count: their bytes stay in IndexedDB). */
export const STORED_SNAPSHOTS = fromStore('snapshots', 'count()')

/**
 * Leaves the page as a save frozen midway would: a readwrite transaction on `edits` and `history` that
 * keeps asking for more, so only an abort ends it (src/store/leaveGuard.ts). Also notes, for the next
 * page, whether this one went into the back/forward cache (`pagehide`'s persisted).
 */
export const HOLD_EDITS_OPEN = `return new Promise((resolve, reject) => {
  addEventListener('pagehide', (e) => localStorage.setItem('quire-test:persisted', String(e.persisted)))
  const open = indexedDB.open('quire')
  open.onerror = () => reject(open.error)
  open.onsuccess = () => {
    const tx = open.result.transaction(['edits', 'history'], 'readwrite')
    const edits = tx.objectStore('edits')
    const more = () => { edits.count().onsuccess = more }
    more()
    tx.onabort = () => {}
    resolve(true)
  }
})`
