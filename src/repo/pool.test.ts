// inPool: after a failure no new task starts, and the failure is thrown only once the running tasks settled
// (a raw download still in flight used to write into a folder its launch had already removed).
import { expect, it } from 'vitest'
import { inPool } from './pool'

it('stops at the first failure, and throws it only after the tasks in flight have settled', async () => {
  const started: number[] = []
  let release!: () => void
  const held = new Promise<void>((ok) => (release = ok))
  let isSettled = false
  const run = inPool([0, 1, 2, 3, 4], 2, async (i) => {
    started.push(i)
    if (i === 0) await held
    if (i === 1) throw new Error('raw answered 429')
  }).then(
    () => 'resolved',
    (e: unknown) => ((isSettled = true), (e as Error).message),
  )
  // Let the pool run every step it can while task 0 is held.
  for (let k = 0; k < 20; k++) await Promise.resolve()
  expect(isSettled).toBe(false)
  expect(started).toEqual([0, 1])
  release()
  expect(await run).toBe('raw answered 429')
  expect(started).toEqual([0, 1])
})

it('runs every item when none fails, at most `width` at once', async () => {
  let running = 0
  let most = 0
  const done: number[] = []
  await inPool([1, 2, 3, 4, 5, 6], 3, async (i) => {
    most = Math.max(most, ++running)
    await new Promise((ok) => setTimeout(ok, 1))
    running--
    done.push(i)
  })
  expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6])
  expect(most).toBe(3)
})
