import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test'

/** The file panel and the tabs of the workspace, for the specs to read like user steps. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.locator('.q-files')
  }

  row(path: string): Locator {
    return this.panel.locator(`.q-file[data-path="${path}"]`)
  }

  /** The document in the shown tab (hidden tabs stay in the page). */
  get current(): Locator {
    return this.page.locator('.quire-Tabs > .lm-StackedPanel > .lm-Widget:not(.lm-mod-hidden)')
  }

  tab(name: string): Locator {
    return this.page.locator('.quire-Tabs .lm-TabBar-tab', { hasText: name })
  }

  codeCell(n: number): Locator {
    return this.current.locator('.jp-Notebook .jp-CodeCell').nth(n)
  }

  /** Types `text` at the end of the `cell`th code cell, as a user would. */
  async typeAtEnd(cell: number, text: string): Promise<void> {
    await this.codeCell(cell).locator('.cm-content').click()
    await this.page.keyboard.press('ControlOrMeta+End')
    await this.page.keyboard.type(text)
  }

  async open(path: string): Promise<void> {
    await this.row(path).locator('.q-file-name').click()
  }

  /** The row's buttons show on hover, as in a file manager. */
  async rowAction(path: string, action: string | RegExp): Promise<void> {
    await this.row(path).hover()
    await this.row(path)
      .getByRole('button', { name: action, exact: typeof action === 'string' })
      .click()
  }

  async waitForKernelIdle(): Promise<void> {
    await expect(this.current.locator('[data-jp-item-name="kernel-status"]')).toHaveAttribute('title', /Kernel Idle/, {
      timeout: 90_000,
    })
  }

  async runCell(n: number): Promise<void> {
    await this.codeCell(n).locator('.cm-content').click()
    await this.page.keyboard.press('Shift+Enter')
  }

  /** Restarts the kernel from the toolbar and accepts JupyterLab's dialog. */
  async restartKernel(): Promise<void> {
    await this.current
      .locator('[data-jp-item-name="restart"] jp-button, [data-jp-item-name="restart"] button')
      .first()
      .click()
    await this.page.locator('.jp-Dialog .jp-mod-accept').click()
  }

  /** The overlay's records for a path, read straight from IndexedDB. */
  async storedEdit(path: string): Promise<{ content: string; deleted?: boolean } | null> {
    return this.page.evaluate(
      (p) =>
        new Promise((ok, fail) => {
          const req = indexedDB.open('quire')
          req.onerror = () => fail(req.error)
          req.onsuccess = () => {
            const all = req.result.transaction('edits').objectStore('edits').getAll()
            all.onsuccess = () => ok(all.result.find((r: { path: string }) => r.path === p) ?? null)
          }
        }),
      path,
    )
  }
}

/** Another tab of the same browser context (shared IndexedDB, Web Locks, BroadcastChannel) at `url`. */
export async function openTab(context: BrowserContext, url: string): Promise<WorkspacePage> {
  const page = await context.newPage()
  await page.goto(url)
  const ws = new WorkspacePage(page)
  await expect(ws.codeCell(0)).toBeVisible()
  return ws
}

/** Turns on the test quota (src/store/quotaShim.ts) for every load of `page`, huge until a test tightens it. */
export async function useTestQuota(page: Page): Promise<void> {
  await page.addInitScript(
    () =>
      localStorage.getItem('quire:test-quota-bytes') ?? localStorage.setItem('quire:test-quota-bytes', String(1e12)),
  )
}
