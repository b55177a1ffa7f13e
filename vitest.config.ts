import { defineConfig } from 'vitest/config'

// Unit tests run in Node: pure cores with fakes, the kernel's Python side on Pyodide-in-Node,
// and the e2e fixture servers exercised directly. Browser tests live in e2e/*.spec.ts (Playwright).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'kernels/**/*.test.ts', 'workers/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
