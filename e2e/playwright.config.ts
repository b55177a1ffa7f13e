import { defineConfig } from '@playwright/test'

import { fileURLToPath } from 'node:url'

export const APP_PORT = Number(process.env.QUIRE_E2E_PORT ?? 4174)
// The build under test; QUIRE_DIST lets parallel runs each serve their own build.
const DIST = process.env.QUIRE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))
const ROOT = fileURLToPath(new URL('..', import.meta.url))

// End-to-end tests drive Debian's Chromium against the production build, served by the same
// static server `npm start` uses. Fixture git and PyPI servers start inside the tests (e2e/fixtures.ts).
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // Two cores: one browser at a time keeps Pyodide boots from starving each other.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.QUIRE_E2E_RESULTS ?? '../test-results',
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the background-networking flags Chromium keeps dialling Google on a closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs --root ${DIST} --port ${APP_PORT} --host 127.0.0.1`,
    cwd: ROOT,
    url: `http://127.0.0.1:${APP_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
})
