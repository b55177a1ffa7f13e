// The write log's wrapping, on a stand-in FS (real Pyodide is in file-watch.test.ts).
import { describe, expect, it } from 'vitest'
import { FileWatch, type ScanFs } from './file-watch'
import { absolutePath, closeWriteSink, openWriteSink, takeWrites } from './write-log'

/** The FS functions the log wraps, doing nothing, with a working directory and nodes that know their path. */
function fakeFs() {
  const streams = new Map<number, { node: { path: string } }>()
  const fs = {
    at: '/home/u',
    cwd: () => fs.at,
    getPath: (node: object) => (node as { path: string }).path,
    getStream: (fd: number) => streams.get(fd),
    mknod: (_p: string) => undefined,
    mkdir: (_p: string) => undefined,
    unlink: (_p: string) => undefined,
    rmdir: (_p: string) => undefined,
    truncate: (_p: string) => undefined,
    symlink: (_p: string) => undefined,
    rename: (_a: string, _b: string) => undefined,
    write: (_s: object) => 0,
    ftruncate: (_fd: number) => undefined,
    open: (path: string, _flags: number | string) => {
      const stream = { node: { path: absolutePath(fs, path) } }
      streams.set(streams.size + 3, stream)
      return stream
    },
  }
  return fs
}

describe('write log', () => {
  it('resolves relative paths and dots against the working directory', () => {
    expect(absolutePath({ cwd: () => '/home/u' }, 'a/./b/../c.txt')).toBe('/home/u/a/c.txt')
    expect(absolutePath({ cwd: () => '/home/u' }, '/x//y/..')).toBe('/x')
  })

  it('notes paths changed, streams written or opened for writing, and not files opened to read', () => {
    const fs = fakeFs()
    const sink = openWriteSink(fs)
    if (!sink) throw new Error('the fake FS has every operation')
    const other = openWriteSink(fs)
    fs.open('read.txt', 0)
    fs.open('new.txt', 'w')
    fs.write(fs.open('/abs/appended.txt', 1024 | 1))
    fs.ftruncate(3) // the stream of read.txt: truncating writes to it
    fs.rename('a', 'b')
    fs.unlink('gone')
    fs.at = '/elsewhere'
    fs.mkdir('made')
    expect(takeWrites(fs, sink).sort()).toEqual([
      '/abs/appended.txt',
      '/elsewhere/made',
      '/home/u/a',
      '/home/u/b',
      '/home/u/gone',
      '/home/u/new.txt',
      '/home/u/read.txt',
    ])
    expect(takeWrites(fs, sink)).toEqual([])
    // Every sink gets every note; a closed one none.
    expect(takeWrites(fs, other!)).toHaveLength(7)
    closeWriteSink(fs, other!)
    fs.unlink('later')
    expect(takeWrites(fs, other!)).toEqual([])
    expect(takeWrites(fs, sink)).toEqual(['/elsewhere/later'])
  })

  it('gives no sink for an FS it cannot wrap, and FileWatch then walks the folder each time', () => {
    const files = new Map<string, string>([['a.txt', 'one']])
    const scanFs: ScanFs = {
      readdir: (p) => (p === '/r' ? ['.', '..', ...files.keys()] : []),
      stat: (p) =>
        p === '/r' ? { mode: 1, size: 0, mtime: 0 } : { mode: 2, size: files.get(p.slice(3))?.length ?? 0, mtime: 1 },
      isDir: (m) => m === 1,
      isFile: (m) => m === 2,
      readFile: (p) => new TextEncoder().encode(files.get(p.slice(3)) ?? ''),
    }
    expect(openWriteSink({ cwd: () => '/', getPath: () => '/' })).toBeUndefined()
    const watch = new FileWatch(scanFs, '/r')
    watch.baseline()
    files.set('b.txt', 'two')
    files.delete('a.txt')
    expect(watch.changes()).toEqual({
      changed: [{ path: 'b.txt', data: new TextEncoder().encode('two') }],
      removed: ['a.txt'],
      tooBig: [],
    })
    expect(watch.changes()).toBeUndefined()
  })
})
