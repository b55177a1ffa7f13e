// R's side of the kernel, on the main thread: webR runs R in its own worker, and this object drives
// its console. A cell is written to a file and run by the runner (runner.R) through one console
// line, so its output streams back line by line as R prints it; markers on stdout carry rich output.
import type { KernelMessage } from '@jupyterlab/services'
import { AppError } from '../../src/shared/errors'
import { unsafePathReason } from '../../src/shared/safePath'
import { parseLine, type Marker } from './markers'
import type { RMessage, RRuntime, RStartOptions } from './runtime'
import { toBase64 } from '../../src/shared/base64'

export type REvent =
  | { type: 'stream'; content: KernelMessage.IStreamMsg['content'] }
  | { type: 'execute_result'; content: KernelMessage.IExecuteResultMsg['content'] }
  | { type: 'display_data'; content: KernelMessage.IDisplayDataMsg['content'] }
  | { type: 'error'; content: KernelMessage.IErrorMsg['content'] }

export type RExecuteResult = { status: 'ok' } | { status: 'error'; ename: string; evalue: string; traceback: string[] }

interface Running {
  count: number
  onEvent: (event: REvent) => void
  result: RExecuteResult
  isInterrupted: boolean
  finish: (result: RExecuteResult) => void
  fail: (error: AppError) => void
}

const CELL_FILE = '/tmp/.quire/cell.R'
const PKG_DIR = '/tmp/.quire/pkgs'

export class RSession {
  private running: Running | undefined
  private dead: AppError | undefined

  constructor(private readonly r: RRuntime) {}

  /** Boots R, installs the runner and puts the repository in the working directory. */
  async start(options: RStartOptions, runnerSource: string): Promise<{ rVersion: string }> {
    await this.r.init()
    // R's banner ends at its first prompt; none of it belongs to a cell.
    for (let msg = await this.r.read(); msg.type !== 'prompt'; msg = await this.r.read()) {
      if (msg.type === 'closed')
        throw new AppError(
          'KERNEL_START_FAILED',
          `R stopped while starting${typeof msg.data === 'string' && msg.data ? `: ${msg.data}` : ''}`,
        )
    }
    await this.r.evalRVoid(runnerSource)
    await this.writeRepo(options)
    await this.installPackages(options.packages ?? [])
    await this.r.evalRVoid(`setwd(${rString(options.cwd)})`)
    const rVersion = await this.r.evalRString('paste(R.version$major, R.version$minor, sep = ".")')
    void this.pump()
    return { rVersion }
  }

  execute(code: string, count: number, onEvent: (event: REvent) => void): Promise<RExecuteResult> {
    if (this.dead) return Promise.reject(this.dead)
    // BaseKernel hands over one execute_request at a time; a second one here is a bug.
    if (this.running) return Promise.reject(new AppError('INTERNAL', 'R is still running a cell'))
    return new Promise((finish, fail) => {
      this.running = { count, onEvent, result: { status: 'ok' }, isInterrupted: false, finish, fail }
      this.r.FS.writeFile(CELL_FILE, new TextEncoder().encode(code))
        .then(() => this.r.writeConsole(`.quire$run(${rString(CELL_FILE)}, ${count})`))
        .catch((err: unknown) => this.die(new AppError('KERNEL_DEAD', `could not hand R the cell: ${String(err)}`)))
    })
  }

  /** Raises R's interrupt condition in the running cell (R keeps its workspace). */
  interrupt(): void {
    if (!this.running) return
    this.running.isInterrupted = true
    this.r.interrupt()
  }

  close(): void {
    this.die(new AppError('KERNEL_DEAD', 'kernel shut down'))
    this.r.close()
  }

  /**
   * The user's changes since start (src/session/kernelSync.ts): bytes are written (parents made),
   * `'folder'` is made, null removes whatever is at the path, a folder with what R put in it, as
   * on a shared disk. Runs between cells: webR answers these requests only while R waits at its prompt.
   */
  async syncFiles(cwd: string, files: Array<{ path: string; data: Uint8Array | 'folder' | null }>): Promise<void> {
    if (this.dead) throw this.dead
    for (const f of files) {
      const unsafe = unsafePathReason(f.path)
      if (unsafe) throw new AppError('UNSAFE_PATH', `unsafe path ${JSON.stringify(f.path)}: it ${unsafe}`)
    }
    for (const { path, data } of files) {
      const at = `${cwd}/${path}`
      if (data === null) await this.r.evalRVoid(`unlink(${rString(at)}, recursive = TRUE, force = TRUE)`)
      else if (data === 'folder') await this.mkdirs(at)
      else {
        await this.mkdirs(at.slice(0, at.lastIndexOf('/')))
        await this.r.FS.writeFile(at, data)
      }
    }
  }

  /** The repository's files, and (as `dir/` entries) the empty folders the user made. */
  private async writeRepo({ cwd, files }: RStartOptions): Promise<void> {
    const dirs = new Set<string>()
    for (const f of files) {
      // Paths come from a stranger's repository: none may climb out of cwd.
      const unsafe = unsafePathReason(f.path)
      if (unsafe)
        throw new AppError('KERNEL_START_FAILED', `unsafe repository path ${JSON.stringify(f.path)}: it ${unsafe}`, {
          path: f.path,
          reason: unsafe,
        })
      const parts = f.path.split('/')
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
    }
    await this.mkdirs(cwd)
    for (const d of [...dirs].sort()) await this.mkdirs(`${cwd}/${d}`)
    for (const f of files) if (!f.path.endsWith('/')) await this.r.FS.writeFile(`${cwd}/${f.path}`, f.data)
  }

  /** Untars each binary into R's first library, as webr::install's .tgz path does, so the packages
   *  are installed before the first cell without asking the repository again. */
  private async installPackages(packages: NonNullable<RStartOptions['packages']>): Promise<void> {
    if (packages.length === 0) return
    await this.mkdirs(PKG_DIR)
    for (const p of packages) {
      if (!/^[A-Za-z0-9._-]+\.tgz$/.test(p.filename))
        throw new AppError('KERNEL_START_FAILED', `unsafe R package file name: ${p.filename}`)
      const path = `${PKG_DIR}/${p.filename}`
      await this.r.FS.writeFile(path, p.data)
      await this.r.evalRVoid(
        `utils::untar(${rString(path)}, exdir = .libPaths()[[1L]], tar = "internal"); unlink(${rString(path)})`,
      )
    }
  }

  /** mkdir -p: Emscripten's mkdir makes one level and throws when the folder exists. */
  private async mkdirs(path: string): Promise<void> {
    let at = ''
    for (const part of path.split('/').filter(Boolean)) {
      at += `/${part}`
      await this.r.FS.mkdir(at).catch(() => undefined)
    }
  }

  /** Handles webR's output queue in order, one message at a time, for as long as R runs. */
  private async pump(): Promise<void> {
    for (;;) {
      let msg: RMessage
      try {
        msg = await this.r.read()
      } catch (err) {
        return this.die(new AppError('KERNEL_DEAD', `R stopped: ${String(err)}`))
      }
      if (msg.type === 'closed') {
        // The R frame (kernels/r/frame) says why, when it knows: a worker that failed to load, say.
        const why = typeof msg.data === 'string' && msg.data ? `: ${msg.data}` : ''
        return this.die(new AppError('KERNEL_DEAD', `R stopped${why}`))
      }
      try {
        await this.handle(msg)
      } catch (err) {
        this.running?.onEvent({ type: 'stream', content: { name: 'stderr', text: `quire: ${String(err)}\n` } })
      }
    }
  }

  private async handle(msg: RMessage): Promise<void> {
    const cell = this.running
    // Output outside a cell (R's banner, the prompt after a cell) belongs to no one.
    if (!cell) return
    const text = typeof msg.data === 'string' ? msg.data : ''
    // R marks an interrupt with blank lines on stderr; the cell's error says it instead.
    if (msg.type === 'stderr' && cell.isInterrupted && text === '') return
    if (msg.type === 'stderr') return cell.onEvent({ type: 'stream', content: { name: 'stderr', text: `${text}\n` } })
    if (msg.type === 'prompt') {
      // The cell ends when R is back at its top-level prompt, after the runner's "done" (or
      // without it, if the runner itself never ran), so the next cell never sees this prompt.
      if (text === '> ') return this.finish(cell)
      // No stdin for now: readline() and friends get an empty answer instead of hanging the cell.
      return this.r.writeConsole('')
    }
    if (msg.type !== 'stdout') return
    const { text: before, marker } = parseLine(text)
    if (!marker) return cell.onEvent({ type: 'stream', content: { name: 'stdout', text: `${before}\n` } })
    if (before) cell.onEvent({ type: 'stream', content: { name: 'stdout', text: before } })
    await this.emit(cell, marker)
  }

  private async emit(cell: Running, marker: Marker): Promise<void> {
    const values: Record<string, string> = {}
    for (const { key, path } of marker.files) {
      const bytes = await this.r.FS.readFile(path)
      await this.r.FS.unlink(path)
      values[key] = key.startsWith('image/') ? toBase64(bytes) : new TextDecoder().decode(bytes).replace(/\n$/, '')
    }
    switch (marker.kind) {
      case 'result':
        return cell.onEvent({
          type: 'execute_result',
          content: { execution_count: cell.count, data: values, metadata: {} },
        })
      case 'display':
        return cell.onEvent({ type: 'display_data', content: { data: values, metadata: {} } })
      case 'error': {
        const ename = values.ename ?? 'error'
        const evalue = values.evalue ?? ''
        cell.result = { status: 'error', ename, evalue, traceback: [evalue] }
        return cell.onEvent({ type: 'error', content: { ename, evalue, traceback: [evalue] } })
      }
      case 'done':
        return // the prompt that follows ends the cell
    }
  }

  private finish(cell: Running): void {
    this.running = undefined
    // In Chromium webR 0.6's interrupt returned R to its top level without the runner's handler
    // for the interrupt condition running (in Node it ran), so the cell is reported from here.
    if (cell.isInterrupted && cell.result.status === 'ok') {
      cell.result = { status: 'error', ename: 'interrupt', evalue: 'Interrupted', traceback: ['Interrupted'] }
      cell.onEvent({
        type: 'error',
        content: { ename: 'interrupt', evalue: 'Interrupted', traceback: ['Interrupted'] },
      })
    }
    cell.finish(cell.result)
  }

  private die(error: AppError): void {
    this.dead ??= error
    this.running?.fail(this.dead)
    this.running = undefined
  }
}

/** An R string literal; JSON's escapes are a subset R reads the same way. */
function rString(s: string): string {
  return JSON.stringify(s)
}
