// What the kernel strip says while Python starts (issue 24): the steps left, and an estimate from
// this browser's last start of the same link. Pure, so it is tested without a kernel or a clock.

/**
 * How Python came up: booted afresh, restored from this environment's snapshot or from the baseline (the
 * interpreter alone), or a snapshot that failed to load.
 */
export type BootKind = 'fresh' | 'snapshot' | 'baseline' | 'fallback'

export interface WaitInput {
  kernelName: string
  /** Packages the kernel installs after booting (Pyodide's and the repository's wheels). */
  packages: number
  /** Milliseconds since the notebook view appeared. */
  elapsedMs: number
  /** Set once the interpreter is up (before the packages are installed). */
  boot?: { kind: BootKind; atMs: number }
  /** How long the whole start took the last time this link opened in this browser. */
  lastTotalMs?: number
}

export interface WaitStep {
  label: string
  state: 'done' | 'current' | 'next'
}

export interface WaitText {
  steps: WaitStep[]
  /** "about 4 s left", or how long it has been when there is nothing to estimate from. */
  timing: string
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export function waitText(input: WaitInput): WaitText {
  const isBooted = input.boot !== undefined
  const python =
    input.boot?.kind === 'snapshot'
      ? `${input.kernelName} restored from this browser's snapshot`
      : input.boot?.kind === 'baseline'
        ? `${input.kernelName} started from this browser's saved interpreter`
        : `${isBooted ? 'Started' : 'Starting'} ${input.kernelName}`
  const steps: WaitStep[] = [{ label: python, state: isBooted ? 'done' : 'current' }]
  if (input.packages > 0)
    steps.push({
      label: `installing ${input.packages} package${input.packages === 1 ? '' : 's'}`,
      state: isBooted ? 'current' : 'next',
    })
  else steps.push({ label: 'opening the files', state: isBooted ? 'current' : 'next' })
  const so = `${seconds(input.elapsedMs)} so far`
  if (input.lastTotalMs === undefined) return { steps, timing: `${so}; the first start in this browser takes longest` }
  const left = input.lastTotalMs - input.elapsedMs
  return { steps, timing: left > 500 ? `about ${Math.ceil(left / 1000)} s left (${so})` : `almost there (${so})` }
}

/** Where the last start's duration is kept: localStorage in the page, a Map in tests. */
export interface WaitMemo {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const memoKey = (linkKey: string) => `quire:kernel-start-ms:${linkKey}`

export function lastStartMs(memo: WaitMemo, linkKey: string): number | undefined {
  const ms = Number(memo.getItem(memoKey(linkKey)))
  return Number.isFinite(ms) && ms > 0 ? ms : undefined
}

export function rememberStartMs(memo: WaitMemo, linkKey: string, ms: number): void {
  try {
    memo.setItem(memoKey(linkKey), String(Math.round(ms)))
  } catch {
    // A full or disabled localStorage only costs the next estimate.
  }
}
