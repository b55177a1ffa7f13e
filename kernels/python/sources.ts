// The kernel's Python package as text, bundled into the worker by Vite (`?raw`), so installing
// it needs no network. Needs Vite (the worker build, or Vitest); plain Node would read py/ from disk.
import type { PySources } from './kernel-host'

const files = import.meta.glob<string>('./py/quire_kernel/**/*.py', { query: '?raw', import: 'default', eager: true })

export const pySources: PySources = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(/^\.\/py\//, ''), text]),
)
