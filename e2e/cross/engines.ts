// The two engines Playwright's Chromium suite does not cover, driven the way their vendors expose
// them here: Debian's firefox-esr over WebDriver BiDi (puppeteer-core) and WebKitGTK's MiniBrowser
// through WebKitWebDriver (selenium-webdriver). One small interface, so one spec drives both.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import puppeteer from 'puppeteer-core'
import { Builder, Key, type WebDriver } from 'selenium-webdriver'

export type EngineName = 'firefox' | 'webkit'

export interface EnginePage {
  readonly engine: EngineName
  goto(url: string): Promise<void>
  /** Loads the current page again, as the browser's reload button does. */
  reload(): Promise<void>
  /** Runs `body` (a function body with `return`) in the page and gives back its JSON value. */
  evaluate<T>(body: string): Promise<T>
  /** A real click on the first element matching `css` (it is scrolled into view first). */
  click(css: string): Promise<void>
  /** Types into the focused element; `submit` ends with Shift+Enter (run the cell). */
  type(text: string, submit?: boolean): Promise<void>
  /** Presses Enter in the focused element (answers an input() box). */
  pressEnter(): Promise<void>
  close(): Promise<void>
}

export const FIREFOX = process.env.QUIRE_FIREFOX ?? '/usr/bin/firefox-esr'
export const WEBKIT_DRIVER = process.env.QUIRE_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver'
export const MINIBROWSER = process.env.QUIRE_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'

/** What is missing to run an engine, or undefined when it can run. */
export function missing(engine: EngineName): string | undefined {
  if (engine === 'firefox') return existsSync(FIREFOX) ? undefined : `${FIREFOX} (apt-get install firefox-esr)`
  if (!existsSync(WEBKIT_DRIVER)) return `${WEBKIT_DRIVER} (apt-get install webkit2gtk-driver)`
  if (!existsSync(MINIBROWSER)) return `${MINIBROWSER} (apt-get install webkit2gtk-driver)`
  if (!process.env.DISPLAY) return 'a display for MiniBrowser (run under xvfb-run)'
  return undefined
}

export function openEngine(engine: EngineName): Promise<EnginePage> {
  return engine === 'firefox' ? openFirefox() : openWebKit()
}

async function openFirefox(): Promise<EnginePage> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // No telemetry, updates or captive-portal checks on a closed network.
    extraPrefsFirefox: { 'network.captive-portal-service.enabled': false, 'app.update.enabled': false },
  })
  const page = await browser.newPage()
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: async <T>(body: string) => (await page.evaluate(`(() => { ${body} })()`)) as T,
    click: async (css) => {
      await page.locator(css).click()
    },
    type: async (text, submit) => {
      await page.keyboard.type(text)
      if (submit) {
        await page.keyboard.down('Shift')
        await page.keyboard.press('Enter')
        await page.keyboard.up('Shift')
      }
    },
    pressEnter: () => page.keyboard.press('Enter'),
    close: () => browser.close(),
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

async function waitForDriver(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('WebKitWebDriver did not answer /status')
}

async function openWebKit(): Promise<EnginePage> {
  const port = await freePort()
  const child = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' })
  await waitForDriver(port, child)
  const caps = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  }
  let driver: WebDriver
  try {
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build()
  } catch (err) {
    child.kill()
    throw err
  }
  return {
    engine: 'webkit',
    goto: (url) => driver.get(url),
    reload: () => driver.navigate().refresh(),
    evaluate: <T>(body: string) => driver.executeScript<T>(body),
    click: async (css) => {
      const el = await driver.findElement({ css })
      await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el)
      await el.click()
    },
    type: async (text, submit) => {
      let actions = driver.actions().sendKeys(text)
      if (submit) actions = actions.keyDown(Key.SHIFT).sendKeys(Key.ENTER).keyUp(Key.SHIFT)
      await actions.perform()
    },
    pressEnter: () => driver.actions().sendKeys(Key.ENTER).perform(),
    close: async () => {
      try {
        await driver.quit()
      } finally {
        child.kill()
      }
    },
  }
}
