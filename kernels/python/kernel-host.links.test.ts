// A repository's symbolic links reach Python as links (issue 19): a link to a file reads its
// bytes, a link to the repository's own folder (`loop -> .`) lists it without the file watch
// walking round it forever, and a target that climbs out of the working directory is refused.
import type { PyodideAPI } from 'pyodide'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKernelHost } from './kernel-host'
import { pySources } from './sources'
import { initPayload, loadTestPyodide, startTestHost, streamText } from './testing'

let pyodide: PyodideAPI
beforeAll(async () => {
  pyodide = await loadTestPyodide()
})

const enc = (s: string) => new TextEncoder().encode(s)

describe('kernel host: repository links', () => {
  it('makes links inside the repository, readable from Python, and watches files without looping', async () => {
    const cwd = '/home/pyodide/links-a'
    const { run, posted } = await startTestHost(
      pyodide,
      {},
      {
        cwd,
        files: [
          { path: 'README.md', data: enc('hello from the readme') },
          { path: 'data/real.csv', data: enc('a,b\n1,2\n') },
        ],
        links: [
          { path: 'notes.md', target: 'README.md' },
          { path: 'loop', target: '.' },
          { path: 'data/copy.csv', target: './real.csv' },
        ],
      },
    )
    const { events, result } = await run(
      [
        'import os',
        "open('made.txt', 'w').write('x')",
        "print(open('notes.md').read())",
        "print(open('data/copy.csv').read().splitlines()[1])",
        "print(os.path.islink('loop'), sorted(os.listdir('loop/loop')))",
      ].join('\n'),
    )
    expect(result.status).toBe('ok')
    expect(streamText(events)).toBe(
      "hello from the readme\n1,2\nTrue ['README.md', 'data', 'loop', 'made.txt', 'notes.md']\n",
    )
    // The file watch saw the one new file, not copies of everything under loop/loop/…
    const changed = posted.flatMap((m) => (m.type === 'files_changed' ? m.content.changed.map((c) => c.path) : []))
    expect(changed).toEqual(['made.txt'])
  })

  it('refuses a link whose target climbs out of the working directory', async () => {
    const host = createKernelHost(pyodide, () => {}, pySources)
    const init = initPayload({ cwd: '/home/pyodide/links-b', links: [{ path: 'sub/out', target: '../../../etc' }] })
    await expect(host.init(init)).rejects.toMatchObject({ code: 'KERNEL_START_FAILED' })
  })
})
