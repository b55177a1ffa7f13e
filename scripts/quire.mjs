#!/usr/bin/env node
// The `quire` command. Node cannot run TypeScript, so this starts the build of src/cli/quire.ts
// that `npm install` (postinstall) and `npm run build` (prebuild) write to dist-cli/.
import { existsSync } from 'node:fs'

const built = new URL('../dist-cli/quire.js', import.meta.url)
if (!existsSync(built)) {
  process.stderr.write('quire: dist-cli/quire.js is missing; run `npm run build:cli` first.\n')
  process.exit(2)
}
const { main } = await import(built.href)
process.exitCode = await main(process.argv.slice(2))
