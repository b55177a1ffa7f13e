// The languages of a link's notebooks, remembered from its last launch, so the next launch knows
// before its repository is read whether to boot Python early (kernelNeeds.ts). A hint only: when
// wrong, the notebook's kernel boots normally once the launch is prepared. Kept in localStorage
// (small, synchronous, per origin); storage that throws (blocked cookies) means "not known".
import type { NotebookLanguage } from './kernelNeeds'

export type NotebookLanguages = Array<{ path: string; language: NotebookLanguage }>

const PREFIX = 'quire:notebook-languages:'
const LANGUAGES: ReadonlySet<string> = new Set<NotebookLanguage>(['python', 'r', 'unknown'])

export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

function isLanguages(v: unknown): v is NotebookLanguages {
  return (
    Array.isArray(v) &&
    v.every(
      (n: unknown) =>
        typeof n === 'object' &&
        n !== null &&
        typeof Reflect.get(n, 'path') === 'string' &&
        LANGUAGES.has(String(Reflect.get(n, 'language'))),
    )
  )
}

export function recallLanguages(store: () => KeyValueStore, key: string): NotebookLanguages | undefined {
  try {
    const parsed: unknown = JSON.parse(store().getItem(PREFIX + key) ?? 'null')
    return isLanguages(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

export function rememberLanguages(store: () => KeyValueStore, key: string, languages: NotebookLanguages): void {
  try {
    store().setItem(PREFIX + key, JSON.stringify(languages))
  } catch {
    // Full or blocked storage: the next launch boots Python early, as for a link never seen.
  }
}
