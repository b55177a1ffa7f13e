import type { KernelMessage } from '@jupyterlab/services'

/**
 * Remembers when Stop was last pressed, so a cell run before it whose execute request had not yet
 * reached the kernel (still on its way to JupyterLite's queue, which cancels only what it holds)
 * does not start afterwards. Dates are the page's own clock: the notebook and the kernel share it.
 */
export class StopGate {
  private stoppedAt = 0

  stop(now = Date.now()): void {
    this.stoppedAt = now
  }

  /** Whether the request was made strictly before the last Stop; a request with no readable date runs. */
  blocks(header: KernelMessage.IHeader | undefined): boolean {
    const sent = header ? Date.parse(header.date) : NaN
    return Number.isFinite(sent) && sent < this.stoppedAt
  }
}

/** What ipykernel says of an interrupted cell; here the cell never ran, so nothing else changed. */
export const STOPPED_BEFORE_START = { ename: 'KeyboardInterrupt', evalue: 'stopped before it started' } as const
