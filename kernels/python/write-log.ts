// Which paths Python touched, noted as it happens: Emscripten's FS operations that change files
// are wrapped on the FS object (pyodide.FS), which the syscalls Python makes look up at each call.
// Emscripten dropped FS.trackingDelegate, so wrapping is what is left; with it, finding what a cell
// wrote costs the paths it touched, not a walk of the whole working directory (file-watch.ts).

/** Operations whose first argument is the path they change. */
const PATH_OPS = ['mknod', 'mkdir', 'unlink', 'rmdir', 'truncate', 'symlink'] as const
/** Access mode bits of open(2)'s flags, and O_TRUNC (Emscripten uses Linux's numbers). */
const O_ACCMODE = 3
const O_TRUNC = 512

interface Stream {
  node: object
}

/** The part of Emscripten's FS the log wraps and reads. */
export interface LoggableFs {
  cwd(): string
  getPath(node: object): string
  getStream?(fd: number): Stream | null | undefined
}

/** One reader's share of the log: what was touched since it last took it. */
export interface WriteSink {
  /** Absolute paths, and nodes written through open streams (resolved to paths when taken). */
  paths: Set<string>
  nodes: Set<object>
}

/** `..` and `.` resolved; relative paths taken from the FS's working directory. */
export function absolutePath(fs: Pick<LoggableFs, 'cwd'>, path: string): string {
  const out: string[] = []
  for (const part of (path.startsWith('/') ? path : `${fs.cwd()}/${path}`).split('/')) {
    if (part === '..') out.pop()
    else if (part && part !== '.') out.push(part)
  }
  return `/${out.join('/')}`
}

const isStream = (x: unknown): x is Stream =>
  typeof x === 'object' && x !== null && 'node' in x && typeof x.node === 'object' && x.node !== null
const opensForWrite = (flags: unknown) =>
  typeof flags === 'number'
    ? (flags & O_ACCMODE) !== 0 || (flags & O_TRUNC) !== 0
    : typeof flags === 'string' && flags !== 'r'

type Fn = (...args: unknown[]) => unknown

/** Replaces `fs[name]` by a function that calls `note` with the arguments and the result. */
function wrap(fs: object, name: string, note: (args: unknown[], result: unknown) => void): void {
  const fn = Reflect.get(fs, name) as Fn
  Reflect.set(fs, name, function (this: unknown, ...args: unknown[]) {
    const result = fn.apply(this, args)
    note(args, result)
    return result
  })
}

const sinksByFs = new WeakMap<object, Set<WriteSink>>()

/**
 * A sink that collects what is written on `fs` from now on, or undefined when `fs` lacks the
 * operations to wrap (then the caller walks the folder instead). The wrappers are installed once
 * per FS object; every sink gets every note. Notes cost a Set insertion each.
 */
export function openWriteSink(fs: LoggableFs): WriteSink | undefined {
  let sinks = sinksByFs.get(fs)
  if (!sinks) {
    const all = new Set<WriteSink>()
    const path = (p: unknown) => {
      if (typeof p === 'string') for (const s of all) s.paths.add(absolutePath(fs, p))
    }
    const node = (stream: unknown) => {
      if (isStream(stream)) for (const s of all) s.nodes.add(stream.node)
    }
    if (
      ![...PATH_OPS, 'rename', 'write', 'open', 'ftruncate', 'getPath', 'cwd'].every(
        (op) => typeof Reflect.get(fs, op) === 'function',
      )
    )
      return undefined
    for (const op of PATH_OPS) wrap(fs, op, ([p]) => path(p))
    wrap(fs, 'rename', ([from, to]) => {
      path(from)
      path(to)
    })
    wrap(fs, 'write', ([stream]) => node(stream))
    wrap(fs, 'open', ([, flags], stream) => {
      if (opensForWrite(flags)) node(stream)
    })
    wrap(fs, 'ftruncate', ([fd]) => {
      if (typeof fd === 'number') node(fs.getStream?.(fd))
    })
    sinks = all
    sinksByFs.set(fs, sinks)
  }
  const sink: WriteSink = { paths: new Set(), nodes: new Set() }
  sinks.add(sink)
  return sink
}

/** Stops a sink collecting. */
export function closeWriteSink(fs: object, sink: WriteSink): void {
  sinksByFs.get(fs)?.delete(sink)
}

/** The absolute paths a sink collected, emptying it. A node unlinked since is still named by its
 *  last path, where the caller then finds nothing (a removal). */
export function takeWrites(fs: LoggableFs, sink: WriteSink): string[] {
  const out = new Set(sink.paths)
  for (const n of sink.nodes) {
    try {
      out.add(fs.getPath(n))
    } catch {
      // a node without a parent any more: its removal was noted by unlink/rmdir
    }
  }
  sink.paths.clear()
  sink.nodes.clear()
  return [...out]
}
