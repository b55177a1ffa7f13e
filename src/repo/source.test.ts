import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors'
import { withFallback, type RepoSource } from './source'

function source(name: string, failWith?: string): RepoSource & { calls: string[] } {
  const calls: string[] = []
  const fail = () => {
    throw new AppError(failWith as never, `${name} failed`)
  }
  return {
    url: name,
    calls,
    async lookup(ref) {
      calls.push(`lookup ${ref}`)
      if (failWith) fail()
      return { kind: 'ref', name: ref, sha: 'a'.repeat(40) }
    },
    async download(dir) {
      calls.push(`download ${dir}`)
      if (failWith) fail()
      return 'b'.repeat(40)
    },
  }
}

describe('withFallback', () => {
  it('falls back when the primary cannot be reached, for a lookup or a download', async () => {
    const proxy = source('proxy', 'REPO_UNREACHABLE')
    const api = source('api')
    const s = withFallback(proxy, api)
    // A full-SHA link downloads without a lookup first.
    expect(await s.download('/r', { kind: 'sha', prefix: 'b'.repeat(40) })).toBe('b'.repeat(40))
    expect(proxy.calls).toEqual(['download /r'])
    expect(api.calls).toEqual(['download /r'])
    expect(s.url).toBe('api')
  })

  it('keeps any other failure of the primary as the answer', async () => {
    const s = withFallback(source('proxy', 'REF_NOT_FOUND'), source('api'))
    await expect(s.lookup('nope')).rejects.toMatchObject({ code: 'REF_NOT_FOUND' })
    await expect(s.download('/r', { kind: 'sha', prefix: 'c' })).rejects.toMatchObject({ code: 'REF_NOT_FOUND' })
  })
})
