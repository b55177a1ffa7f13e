// The README's "Run your own proxy" steps, followed as written (issue 19): the Node command from its first code
// block starts a proxy that answers a CORS preflight; the wrangler command from its second, run with
// `--dry-run --outdir` (wrangler builds the Worker as `deploy` would, without uploading it, so it runs offline),
// gives a bundle that answers the same preflight under workerd (miniflare 3, the runtime of wrangler 3.114).
// Only the port is changed (8080 may be taken on a shared machine), and `npm ci` is taken as done.
import { Miniflare } from 'miniflare'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = new URL('../..', import.meta.url).pathname
const readme = await readFile(join(root, 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('### Run your own proxy'), readme.indexOf('## Deploy your own'))
/** The README section's shell blocks, each as its command lines (comments and `npm ci` dropped). */
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
  m[1]
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && l !== 'npm ci'),
)
const [nodeSteps, workerSteps] = blocks

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0))
    })
  })

const preflight = (url: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin: 'http://class.test', 'access-control-request-method': 'GET' },
  })

const children: ChildProcess[] = []
const dirs: string[] = []
afterAll(async () => {
  for (const c of children) c.kill()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('the README’s proxy deploy steps', () => {
  it('has one Node command and one Worker command', () => {
    expect(nodeSteps).toEqual([expect.stringMatching(/^npx quire proxy --port 8080$/)])
    expect(workerSteps).toEqual([expect.stringMatching(/^npx wrangler deploy src\/proxy\/worker\.ts /)])
  })

  it('the Node proxy starts and answers a preflight', async () => {
    const port = await freePort()
    const [cmd, ...args] = nodeSteps[0].replace('--port 8080', `--port ${port}`).split(/\s+/)
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let out = ''
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/Quire proxy on http/)
    const res = await preflight(`http://127.0.0.1:${port}/github.com/octo/x.git/info/refs?service=git-upload-pack`)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  }, 60_000)

  it('the wrangler command, as a dry run, builds a Worker that workerd runs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'quire-wrangler-'))
    dirs.push(out)
    const [cmd, ...args] = `${workerSteps[0]} --dry-run --outdir ${out}`.split(/\s+/)
    const code = await new Promise<number | null>((ok) => {
      const child = spawn(cmd, args, {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      })
      child.on('close', ok)
    })
    expect(code).toBe(0)
    const date = /--compatibility-date (\S+)/.exec(workerSteps[0])?.[1]
    const mf = new Miniflare({
      // The bundle as wrangler would upload it: one module.
      modules: [{ type: 'ESModule', path: 'worker.js', contents: await readFile(join(out, 'worker.js'), 'utf8') }],
      compatibilityDate: date,
    })
    try {
      const res = await mf.dispatchFetch('http://proxy.test/github.com/octo/x.git/info/refs?service=git-upload-pack', {
        method: 'OPTIONS',
        headers: { origin: 'http://class.test', 'access-control-request-method': 'GET' },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      // A host off the allow-list is refused by the built Worker, as by the handler it bundles.
      const off = await mf.dispatchFetch('http://proxy.test/example.com/x')
      expect(off.status).toBe(403)
      await off.arrayBuffer()
    } finally {
      await mf.dispose()
    }
  }, 90_000)
})
