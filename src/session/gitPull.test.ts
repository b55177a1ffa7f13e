import { expect, it } from 'vitest'
import { memoryEditStore } from '../notebook/__fixtures__/memoryEditStore'
import { Workspace } from '../notebook/workspace'
import { mergePull } from './gitPull'

const enc = (s: string) => new TextEncoder().encode(s)

it("a second pull keeps the user's edits, brings new upstream files and restores the user's deletions", async () => {
  // Upstream's new commit under course/, beside the launched repository's own files.
  const files = [
    { path: 'env.txt', data: enc('x') },
    { path: 'course/week1.py', data: enc('print("upstream v2")') },
    { path: 'course/week2.py', data: enc('print("new")') },
    { path: 'course/notes.md', data: enc('# notes') },
  ]
  const store = memoryEditStore([
    { path: 'course/week1.py', content: 'print("mine")' },
    { path: 'course/notes.md', deleted: true },
    { path: 'env.txt', deleted: true },
  ])
  const ws = await Workspace.load(files, store)
  expect(await mergePull(ws, 'course')).toEqual(['course/notes.md'])
  expect(ws.text('course/week1.py')).toBe('print("mine")')
  expect(ws.text('course/week2.py')).toBe('print("new")')
  expect(ws.text('course/notes.md')).toBe('# notes')
  // Outside the pulled folder a deletion is the user's own business.
  expect(ws.has('env.txt')).toBe(false)
  // Stored: the next load sees the restored file too.
  expect((await Workspace.load(files, store)).has('course/notes.md')).toBe(true)
})
