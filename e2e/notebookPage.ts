import { expect, type Locator, type Page } from '@playwright/test'

/** What a user sees and does in the notebook view, for the specs to read like user steps. */
export class NotebookPage {
  constructor(readonly page: Page) {}

  /** The document in the shown tab: other open tabs stay in the page, hidden. */
  get active(): Locator {
    return this.page.locator('.quire-Tabs > .lm-StackedPanel > .lm-Widget:not(.lm-mod-hidden)')
  }

  get cells(): Locator {
    return this.active.locator('.jp-Notebook .jp-Cell')
  }

  codeCell(n: number): Locator {
    return this.active.locator('.jp-Notebook .jp-CodeCell').nth(n)
  }

  output(n: number): Locator {
    return this.codeCell(n).locator('.jp-OutputArea-output')
  }

  /** The kernel is up when the toolbar's status says idle (Pyodide has booted and installed). */
  async waitForKernelIdle(): Promise<void> {
    await expect(this.active.locator('[data-jp-item-name="kernel-status"]')).toHaveAttribute('title', /Kernel Idle/, {
      timeout: 90_000,
    })
  }

  /** Click into a code cell's editor and run it with Shift+Enter, as a user would. */
  async runCell(n: number): Promise<void> {
    await this.codeCell(n).locator('.cm-content').click()
    await this.page.keyboard.press('Shift+Enter')
  }

  /**
   * Types `code` over a code cell's source and runs it: Control+Enter stays on the cell,
   * Shift+Enter moves on (and adds a cell after the last one), as in JupyterLab.
   */
  async typeAndRun(n: number, code: string, key: 'Control+Enter' | 'Shift+Enter' = 'Control+Enter'): Promise<void> {
    await this.codeCell(n).locator('.cm-content').click()
    await this.page.keyboard.press('ControlOrMeta+a')
    await this.page.keyboard.type(code)
    await this.page.keyboard.press(key)
  }

  /** The toolbar's interrupt button (■). */
  async interrupt(): Promise<void> {
    await this.active
      .locator('[data-jp-item-name="interrupt"] jp-button, [data-jp-item-name="interrupt"] button')
      .first()
      .click()
  }

  async runAll(): Promise<void> {
    await this.active
      .locator('[data-jp-item-name="run-all"] jp-button, [data-jp-item-name="run-all"] button')
      .first()
      .click()
  }
}
