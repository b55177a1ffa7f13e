// JupyterLab's HTML sanitiser (sanitize-html → postcss → path-browserify) calls `process.cwd()`,
// a Node global webpack used to polyfill; without it every untrusted HTML output fails with
// "process is not defined". A minimal stand-in, main thread only, that never claims to be Node.
const g = globalThis as { process?: unknown }
g.process ??= {
  env: {},
  argv: [],
  browser: true,
  platform: 'browser',
  cwd: () => '/',
  nextTick: (f: () => void) => queueMicrotask(f),
}
export {}
