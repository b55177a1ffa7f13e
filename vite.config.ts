import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'
import type { Plugin } from 'vite'
import { embedderPolicy, isAppRoute } from './scripts/serve.mjs'

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

/** `appType: 'mpa'` keeps a missing file a 404, so the dev and preview servers route the app's paths here. */
function appRoutes(): Plugin {
  return {
    name: 'quire:app-routes',
    configureServer: (server) => void server.middlewares.use(rewriteAppRoute(server.config.base)),
    configurePreviewServer: (server) => void server.middlewares.use(rewriteAppRoute(server.config.base)),
  }
}

/** Cross-Origin-Embedder-Policy for the requesting browser (scripts/serve.mjs embedderPolicy). */
function isolationHeaders(): Plugin {
  const use = (server: {
    middlewares: { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): unknown }
  }) =>
    void server.middlewares.use((req, res, next) => {
      res.setHeader('Cross-Origin-Embedder-Policy', embedderPolicy(req.headers['user-agent']))
      next()
    })
  return { name: 'quire:isolation-headers', configureServer: use, configurePreviewServer: use }
}

function rewriteAppRoute(base: string) {
  return (req: { url?: string }, _res: unknown, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname.startsWith(base) ? `/${url.pathname.slice(base.length)}` : url.pathname
    if (isAppRoute(path)) req.url = `${base}index.html${url.search}`
    next()
  }
}

// The kernel runs framed in dev as in a build (kernels/python/frame): the opaque-origin frame can
// import no module of the dev server, so the kernel worker and the frame's script are bundled
// into one file each on request, as the build does, and rebuilt after a source change.
const DEV_BUNDLES: Record<string, string> = {
  'kernel.worker.ts': fileURLToPath(new URL('./workers/kernel.worker.ts', import.meta.url)),
  'frame-main.ts': fileURLToPath(new URL('./kernels/python/frame/frame-main.ts', import.meta.url)),
  'r-frame-main.ts': fileURLToPath(new URL('./kernels/r/frame/r-frame-main.ts', import.meta.url)),
  'r-host.ts': fileURLToPath(new URL('./kernels/r/frame/r-host.ts', import.meta.url)),
}

function devKernelBundles(): Plugin {
  const cache = new Map<string, Promise<string>>()
  const urlOf = (name: string) => `/@quire-dev/${name.replace(/\.ts$/, '.js')}`
  return {
    name: 'quire:dev-kernel-bundles',
    apply: 'serve',
    enforce: 'pre',
    resolveId(source) {
      const name = Object.keys(DEV_BUNDLES).find((n) => source.endsWith(`/${n}?worker&url`))
      return name ? `\0quire-dev-url:${name}` : null
    },
    load(id) {
      if (!id.startsWith('\0quire-dev-url:')) return null
      return `export default ${JSON.stringify(urlOf(id.slice('\0quire-dev-url:'.length)))}`
    },
    configureServer(server) {
      server.watcher.on('change', () => cache.clear())
      server.middlewares.use((req, res, next) => {
        const name = Object.keys(DEV_BUNDLES).find((n) => req.url?.split('?')[0] === urlOf(n))
        if (!name) return next()
        let bundle = cache.get(name)
        if (!bundle) cache.set(name, (bundle = bundleOne(DEV_BUNDLES[name])))
        bundle.then(
          (code) => {
            res.setHeader('Content-Type', 'text/javascript')
            res.end(code)
          },
          (err: unknown) => {
            cache.delete(name)
            res.statusCode = 500
            res.end(String(err))
          },
        )
      })
    },
  }
}

async function bundleOne(entry: string): Promise<string> {
  const { build } = await import('vite')
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: DEFINE,
    resolve: { alias: ALIAS },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      copyPublicDir: false,
      rolldownOptions: { input: entry, output: { format: 'es', codeSplitting: false } },
    },
  })
  for (const out of Array.isArray(result) ? result : [result]) {
    if (!('output' in out)) continue
    const chunk = out.output.find((c) => c.type === 'chunk' && c.isEntry)
    if (chunk && chunk.type === 'chunk') return chunk.code
  }
  throw new Error(`no bundle for ${entry}`)
}

// mathjax-full (pulled in by JupyterLab's rendermime) expects Node-style globals.
const DEFINE = { global: 'globalThis', __dirname: '"/"' }
const ALIAS = [
  // webpack-style `~pkg/…` URLs in JupyterLab CSS.
  { find: /^~(.*)$/, replacement: '$1' },
  // LightningFS's polyfill crashes in module workers; browsers have TextEncoder.
  { find: 'fast-text-encoding', replacement: emptyModule },
]

export default defineConfig({
  // A project site (https://<user>.github.io/<repo>/) is built with QUIRE_BASE=/<repo>/.
  base: process.env.QUIRE_BASE ?? '/',
  plugins: [preact(), jupyterlabSvgAsText(), pagesFallback(), isolationHeaders(), appRoutes(), devKernelBundles()],
  // The app routes /v2/... itself (appRoutes); a missing file must stay a real 404 (e.g. a .whl).
  appType: 'mpa',
  define: DEFINE,
  resolve: { alias: ALIAS },
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
  // Cross-origin isolation for SharedArrayBuffer (kernel interrupt and input()); the embedder
  // policy depends on the browser (isolationHeaders), as in scripts/serve.mjs and the service worker.
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin' } },
  preview: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin' } },
  // Unit tests run in Node: pure cores with fakes, the kernel's Python side on Pyodide-in-Node, and
  // the e2e fixture servers exercised directly. Browser tests are e2e/*.spec.ts (Playwright).
  test: {
    include: ['{src,kernels,workers,scripts}/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
