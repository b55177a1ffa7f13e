// `npm run bench`: how fast Quire is, as ratios to a bare Pyodide boot measured in the same run.
// Local servers only (fixture git server, fixture index, the production build); `--quick` runs
// each figure once without warm-up, which CI uses to prove the harness works.
import { cpus, totalmem } from 'node:os'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startGitServer } from '../e2e/servers/git-server'
import { startPypiServer } from '../e2e/servers/pypi-server'
import { startStaticServer } from '../scripts/serve.mjs'
import { chromium } from 'playwright-core'
import { sharedWheels } from '../e2e/servers/pyodide-mirror'
import { ARGS, barePage, browserFigures } from './browser'
import { bareNumpyPage, numpyFigures, type NumpyFigures } from './numpyBench'
import { bundleWeights } from './bundle'
import { benchWheels, bigRepo, launchRepo } from './fixtures'
import { report } from './report'
import { resolveFigures } from './resolveBench'

const root = fileURLToPath(new URL('..', import.meta.url))
const isQuick = process.argv.includes('--quick')
const runs = isQuick ? 1 : 5
const dist = process.env.QUIRE_DIST ?? join(root, 'dist')
if (!existsSync(join(dist, 'index.html'))) throw new Error('no build in dist/: run `npm run build` first')
const pyodideVersion = JSON.parse(readFileSync(join(root, 'node_modules/pyodide/package.json'), 'utf8'))
  .version as string

mkdirSync(join(dist, '__bench'), { recursive: true })
writeFileSync(join(dist, '__bench', 'bare.html'), barePage(pyodideVersion))
writeFileSync(join(dist, '__bench', 'bare-numpy.html'), bareNumpyPage())
const shared = sharedWheels()
if (!shared.ok) {
  if (process.env.QUIRE_REQUIRE_SHARED === '1') throw new Error(`the numpy benchmark must run, but ${shared.reason}`)
  console.warn(`quire: the numpy benchmark did not run: ${shared.reason}`)
}
const app = await startStaticServer({ root: dist, port: 0, host: '127.0.0.1' })
const git = await startGitServer()
const pypi = await startPypiServer()
try {
  for (const w of benchWheels()) pypi.addWheel(w)
  const launch = await git.addRepo('bench-launch', launchRepo())
  const big = await git.addRepo('bench-big', bigRepo())
  await git.commitFiles('bench-big', {
    'a.ipynb': '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}',
    'b.ipynb': '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}',
  })
  const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`
  const enc = (u: string) => encodeURIComponent(u)
  const browser = await browserFigures({
    appUrl,
    pyodideVersion,
    pypiUrl: pypi.url,
    launchPath: `/v2/git/${enc(launch.cloneUrl)}/main`,
    bigRepoPath: `/v2/git/${enc(big.cloneUrl)}/main`,
    runs,
    warmup: !isQuick,
  })
  // Where the wheels are found (QUIRE_SHARED_DIR, else beside the working copy), so a worktree finds both.
  const binderConfigs = join(process.env.QUIRE_SHARED_DIR ?? join(root, '../shared'), 'real-binder-configs')
  if (!existsSync(binderConfigs))
    console.warn(`[needs ../shared] the resolver figures cover bench/requirements only: ${binderConfigs} is absent`)
  let numpy: NumpyFigures | { skipped: string }
  if (shared.ok) {
    const repo = await git.addRepo('bench-numpy', join(root, 'e2e/fixtures/repos/numpy-repo'))
    const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS })
    try {
      numpy = await numpyFigures(b, {
        dist,
        wheels: shared.wheels,
        gitCloneUrl: repo.cloneUrl,
        pypiUrl: pypi.url,
        runs,
        warmup: !isQuick,
      })
    } finally {
      await b.close()
    }
  } else numpy = { skipped: shared.reason }
  const resolve = await resolveFigures(
    [join(root, 'bench/requirements'), binderConfigs],
    join(root, 'node_modules/pyodide/pyodide-lock.json'),
    isQuick ? 1 : 5,
  )
  const bundle = bundleWeights(dist)
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${browser.chromium}`
  const result = { date: new Date().toISOString(), quick: isQuick, runs, machine, browser, numpy, resolve, bundle }
  const { table, readmeSection } = report(result)
  console.log(table)
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  const file = join(root, 'bench/results', `${isQuick ? 'quick' : 'bench'}-${result.date.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(result, null, 1) + '\n')
  console.log(`\nresults: ${file}`)
  if (!isQuick) {
    const readme = join(root, 'README.md')
    const text = readFileSync(readme, 'utf8')
    const updated = text.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n${readmeSection}\n<!-- bench:end -->`,
    )
    if (updated !== text) writeFileSync(readme, updated)
  }
} finally {
  await Promise.all([git.stop(), pypi.stop(), new Promise((ok) => app.close(ok))])
  rmSync(join(dist, '__bench'), { recursive: true, force: true })
}
