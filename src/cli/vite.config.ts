// Build of the `quire` command for Node (npm run build:cli). Its own config, not the site's: no
// public/ copy, no browser plugins, and every library bundled in so dist-cli/quire.js runs with
// only Node (smol-toml is a devDependency; the CLI must not need it installed at run time).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/cli/quire.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'quire.js', format: 'es' } },
  },
})
