// The built `quire` command, spawned as a CI job would, against fixture folders, a local git
// server and a local PyPI index (no network).
import { execFile, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWheel } from '../../scripts/lib/wheel.mjs'
import { startGitServer, type GitServer } from '../../e2e/servers/git-server'
import { startPypiServer, type PypiServer } from '../../e2e/servers/pypi-server'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const repo = (name: string) => `${ROOT}e2e/fixtures/repos/${name}`
const pkg = (name: string) => `${ROOT}e2e/fixtures/packages/${name}`

/** Runs `quire …` asynchronously: the index it talks to lives in this process. */
function quire(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${ROOT}scripts/quire.mjs`, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    })
  })
}

// What `npm install` / `npm run build` do, so the tests run the file users run.
beforeAll(() => {
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '-c', 'src/cli/vite.config.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
  })
}, 60_000)

describe('quire check (the built CLI)', () => {
  let pypi: PypiServer
  let git: GitServer
  beforeAll(async () => {
    pypi = await startPypiServer()
    for (const p of ['tinytable', 'tinytable-old', 'greetings']) await pypi.addFromDir(pkg(p))
    git = await startGitServer()
  }, 60_000)
  afterAll(async () => {
    await pypi?.stop()
    await git?.stop()
  })

  it('a Dockerfile folder: exit 1 with the reason, without asking the index', async () => {
    const r = await quire('check', repo('dockerfile-repo'), '--index-url', 'http://127.0.0.1:9')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^verdict: hub \(needs a server\)\s+\(environment: dockerfile\)/)
    expect(r.stdout).toContain('hub      Dockerfile builds a custom container image')
  })

  it('a requirements.txt folder against the local index: exit 0 and the packages as a table', async () => {
    const r = await quire('check', repo('csv-repo'), '--index-url', pypi.url)
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toContain('verdict: browser  (environment: python)')
    expect(r.stdout.split('\n').slice(-3)).toEqual([
      '  name       version  source  asked',
      '  tinytable  1.2.0    index',
      '',
    ])
  })

  it("imports the notebooks use undeclared are added from Pyodide's lock, with a warning; a /simple index is read through PEP 691", async () => {
    const r = await quire('check', repo('undeclared-import'), '--index-url', `${pypi.url}/simple`, '--json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json.verdict.kind).toBe('browser-with-warnings')
    expect(
      json.verdict.reasons.filter((x: { level: string }) => x.level === 'warning').map((x: { text: string }) => x.text),
    ).toEqual([
      'added numpy: imported by analysis.ipynb but not declared.',
      'added scipy: imported by analysis.ipynb but not declared.',
    ])
    expect(json.packages.map((p: { name: string; source: string }) => `${p.name} ${p.source}`).sort()).toEqual([
      'greetings index',
      'numpy pyodide',
      'scipy pyodide',
      'tinytable index',
    ])
  })

  it('--json: verdict, reasons, packages and the lock in pyodide-lock.json form', async () => {
    const r = await quire('check', repo('env-yml'), '--index-url', pypi.url, '--json')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json.verdict.kind).toBe('browser')
    expect(json.envKind).toBe('conda')
    expect(json.packages.map((p: { name: string; version: string }) => `${p.name}==${p.version}`)).toEqual([
      'greetings==0.3.0',
      'tinytable==1.2.0',
    ])
    expect(json.lock.packages.greetings).toMatchObject({
      name: 'greetings',
      version: '0.3.0',
      depends: ['tinytable'],
      install_dir: 'site',
      source: 'index',
      file_name: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.*greetings-0\.3\.0-py3-none-any\.whl$/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(json.verdict.reasons).toContainEqual(expect.objectContaining({ level: 'note', pkg: 'jupyterlab' }))
  })

  it('drift is a warning (exit 0); --strict makes it a hub verdict (exit 1)', async () => {
    const loose = await quire('check', repo('drift-repo'), '--index-url', pypi.url)
    expect(loose.code).toBe(0)
    expect(loose.stdout).toMatch(/verdict: browser, with warnings/)
    expect(loose.stdout).toMatch(/numpy\s+2\.\d+\.\d+\s+pyodide\s+==1\.24\.0/)
    const strict = await quire('check', repo('drift-repo'), '--index-url', pypi.url, '--strict')
    expect(strict.code).toBe(1)
  })

  it('an error exits 2 with its code', async () => {
    const r = await quire('check', repo('unsatisfiable-pin'), '--index-url', pypi.url)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^quire: UNSATISFIABLE_PIN: tinytable/)
    expect((await quire('check')).code).toBe(2)
    expect((await quire('check', '/no/such/folder')).stderr).toMatch(/REPO_NOT_FOUND/)
  })

  it("--extra-index-url (repeatable, in --help) adds indexes before a requirements file's own; an unreachable one is a warning", async () => {
    const [cli, file] = await Promise.all([startPypiServer(), startPypiServer({ isMetadataServed: false })])
    cli.addWheel(buildWheel({ name: 'from-cli', version: '1.0', files: { 'from_cli/__init__.py': '' } }))
    file.addWheel(
      buildWheel({
        name: 'from-file',
        version: '2.0',
        files: { 'from_file/__init__.py': '' },
        requires: ['tinytable>=1.2'],
      }),
    )
    const dir = mkdtempSync(join(tmpdir(), 'quire-extra-'))
    try {
      writeFileSync(join(dir, 'requirements.txt'), `--extra-index-url ${file.url}/simple\nfrom-cli\nfrom-file\n`)
      const r = await quire(
        'check',
        dir,
        '--index-url',
        pypi.url,
        '--extra-index-url',
        cli.url,
        '--extra-index-url',
        'http://127.0.0.1:9/simple',
        '--json',
      )
      expect(r.code).toBe(0)
      const json = JSON.parse(r.stdout)
      expect(
        json.packages.map((p: { name: string; version: string; url: string }) => `${p.name}==${p.version} ${p.url}`),
      ).toEqual([
        `from-cli==1.0 ${cli.url}/files/from_cli-1.0-py3-none-any.whl`,
        `from-file==2.0 ${file.url}/files/from_file-2.0-py3-none-any.whl`,
        `tinytable==1.2.0 ${pypi.url}/files/tinytable-1.2.0-py3-none-any.whl`,
      ])
      expect(json.verdict.kind).toBe('browser-with-warnings')
      expect(json.verdict.reasons).toContainEqual({
        level: 'note',
        file: 'requirements.txt:1',
        text: expect.stringContaining(
          `--extra-index-url ${file.url}/simple: packages not in Pyodide are also looked up`,
        ),
      })
      expect(json.verdict.reasons).toContainEqual({
        level: 'warning',
        text: expect.stringMatching(/^The package index http:\/\/127\.0\.0\.1:9\/simple could not be reached/),
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
      await Promise.all([cli.stop(), file.stop()])
    }
    const help = await quire('check', '--help')
    expect(help).toMatchObject({ code: 0, stderr: '' })
    expect(help.stdout).toContain('--extra-index-url <url>  another index to look packages up in')
  })

  it('a git URL is cloned and checked', async () => {
    const { cloneUrl } = await git.addRepo('pipfile-repo', repo('pipfile-repo'))
    const r = await quire('check', cloneUrl, '--index-url', pypi.url, '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ envKind: 'pipfile', verdict: { kind: 'browser' } })
  })

  // The three cases of issue 17: what pip and repo2docker would install, listed.
  describe('lists what pip and repo2docker would install', () => {
    const dirs: string[] = []
    const folder = (files: Record<string, string>) => {
      const dir = mkdtempSync(join(tmpdir(), 'quire-check-'))
      dirs.push(dir)
      for (const [path, text] of Object.entries(files)) {
        const full = join(dir, path)
        execFileSync('mkdir', ['-p', join(full, '..')])
        writeFileSync(full, text)
      }
      return dir
    }
    afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
    const rows = (stdout: string) =>
      stdout
        .split('\n')
        .filter((l) => /^ {2}\S+\s+\d/.test(l))
        .map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '))

    it('requires_dist: null on the JSON API: the dependencies the wheel declares are listed', async () => {
      // An index without PEP 658 files, whose JSON API says null for greetings, as PyPI does for some uploads.
      const nullIndex = await startPypiServer({ isMetadataServed: false })
      try {
        for (const p of ['tinytable', 'tinytable-old', 'greetings']) await nullIndex.addFromDir(pkg(p))
        nullIndex.dropUploadMetadata('greetings', '0.3.0')
        const repoDir = folder({ 'requirements.txt': 'greetings\n' })
        for (const indexUrl of [nullIndex.url, `${nullIndex.url}/simple`]) {
          const r = await quire('check', repoDir, '--index-url', indexUrl)
          expect(r).toMatchObject({ code: 0, stderr: '' })
          expect(rows(r.stdout)).toEqual(['greetings 0.3.0 index', 'tinytable 1.2.0 index'])
        }
      } finally {
        await nullIndex.stop()
      }
    })

    it('binder/environment.yaml (the second spelling) is the conda environment', async () => {
      const r = await quire(
        'check',
        folder({
          'binder/environment.yaml': 'channels: [conda-forge]\ndependencies:\n  - pip\n  - pip:\n    - greetings\n',
        }),
        '--index-url',
        `${pypi.url}/simple`,
      )
      expect(r).toMatchObject({ code: 0, stderr: '' })
      expect(r.stdout).toMatch(/^verdict: browser\s+\(environment: conda\)/)
      expect(rows(r.stdout)).toEqual(['greetings 0.3.0 index', 'tinytable 1.2.0 index'])
    })

    it("Pipfile [dev-packages] are installed (pipenv install --dev), and the lock's develop group", async () => {
      const pipfile = '[packages]\ntinytable = "<1.1"\n\n[dev-packages]\ngreetings = "*"\n'
      const r = await quire('check', folder({ Pipfile: pipfile }), '--index-url', `${pypi.url}/simple`)
      // greetings needs tinytable>=1.1, which [packages] forbids: pip's resolver says so too.
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/UNSATISFIABLE_PIN: tinytable/)
      const ok = await quire(
        'check',
        folder({ Pipfile: pipfile.replace('<1.1', '*') }),
        '--index-url',
        `${pypi.url}/simple`,
      )
      expect(ok).toMatchObject({ code: 0, stderr: '' })
      expect(ok.stdout).toMatch(/^verdict: browser\s+\(environment: pipfile\)/)
      expect(rows(ok.stdout)).toEqual(['tinytable 1.2.0 index', 'greetings 0.3.0 index'])
      const lock = JSON.stringify({
        _meta: {},
        default: { tinytable: { version: '==1.0.0' } },
        develop: { greetings: { version: '==0.3.0' } },
      })
      const locked = await quire('check', folder({ 'Pipfile.lock': lock }), '--index-url', `${pypi.url}/simple`)
      expect(locked.code).toBe(2) // the lock's develop pins greetings, which needs tinytable>=1.1
      expect(locked.stderr).toMatch(/UNSATISFIABLE_PIN: tinytable/)
    })
  })
})

describe('quire proxy (the built CLI, as the README starts it)', () => {
  it('serves CORS preflights, refuses other hosts and pushes, and says which port it has', async () => {
    // --port 0 lets the system pick a free port; the command says which.
    const child = spawn(process.execPath, [`${ROOT}scripts/quire.mjs`, 'proxy', '--port', '0', '--host', '127.0.0.1'], {
      cwd: ROOT,
    })
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d: Buffer) => {
          out += d
          const m = /Quire proxy on (http:\/\/127\.0\.0\.1:\d+) for github\.com/.exec(out)
          if (m) resolve(m[1])
        })
        child.on('exit', (code) => reject(new Error(`quire proxy exited ${code}: ${out}`)))
      })
      const preflight = await fetch(`${base}/github.com/o/r.git/git-upload-pack`, { method: 'OPTIONS' })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
      expect((await fetch(`${base}/example.com/o/r.git/info/refs?service=git-upload-pack`)).status).toBe(403)
      const push = await fetch(`${base}/github.com/o/r.git/git-receive-pack`, { method: 'POST', body: 'x' })
      expect(push.status).toBe(403)
    } finally {
      child.kill()
    }
  })
})
