import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'
import type { Plugin } from 'vite'

// JupyterLab's icons `import x from '…svg'` and expect the raw SVG text (webpack's raw loader);
// Vite would hand them a URL and break every icon.
function jupyterlabSvgAsText(): Plugin {
  return {
    name: 'quire:jupyterlab-svg-as-text',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]
      if (!/[\\/]@jupyterlab[\\/].*\.svg$/.test(file)) return null
      return `export default ${JSON.stringify(readFileSync(file, 'utf8'))}`
    },
  }
}

// GitHub Pages answers unknown paths (every /v2/... deep link) with 404.html: make it the app.
function pagesFallback(): Plugin {
  return {
    name: 'quire:404-fallback',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const html = bundle['index.html']
      if (html?.type === 'asset') this.emitFile({ type: 'asset', fileName: '404.html', source: html.source })
    },
  }
}

const emptyModule = fileURLToPath(new URL('./src/shared/empty-module.ts', import.meta.url))

export default defineConfig({
  // A project site (https://<user>.github.io/<repo>/) is built with QUIRE_BASE=/<repo>/.
  base: process.env.QUIRE_BASE ?? '/',
  plugins: [preact(), jupyterlabSvgAsText(), pagesFallback()],
  // The app routes /v2/... itself; a missing file must stay a real 404 (e.g. a .whl).
  appType: 'mpa',
  define: {
    // mathjax-full (pulled in by JupyterLab's rendermime) expects Node-style globals.
    global: 'globalThis',
    __dirname: '"/"',
  },
  resolve: {
    alias: [
      // webpack-style `~pkg/…` URLs in JupyterLab CSS.
      { find: /^~(.*)$/, replacement: '$1' },
      // LightningFS's polyfill crashes in module workers; browsers have TextEncoder.
      { find: 'fast-text-encoding', replacement: emptyModule },
    ],
  },
  // Pyodide needs a module worker (pyodide.asm.mjs is an ES module). Each worker is one file with
  // no chunks: the kernel worker runs from a blob inside an opaque-origin frame, which cannot
  // import the app's chunks (kernels/python/frame).
  worker: { format: 'es', rolldownOptions: { output: { codeSplitting: false } } },
  optimizeDeps: {
    exclude: ['pyodide'],
    include: ['isomorphic-git', 'isomorphic-git/http/web', '@isomorphic-git/lightning-fs', 'buffer'],
  },
  // The manifest lets the benchmark weigh each page's initial chunks (bench/bundle.ts).
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, manifest: true },
  // Cross-origin isolation for SharedArrayBuffer (kernel interrupt and input()); the same values
  // as scripts/serve.mjs and the service worker.
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  preview: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  // Unit tests run in Node: pure cores with fakes, the kernel's Python side on Pyodide-in-Node, and
  // the e2e fixture servers exercised directly. Browser tests are e2e/*.spec.ts (Playwright).
  test: {
    include: ['{src,kernels,workers,scripts}/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
