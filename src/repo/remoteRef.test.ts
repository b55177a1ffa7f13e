import { describe, expect, it } from 'vitest'
import { isLfsPointer } from './lfs'
import { matchRef, type ServerRef } from './remoteRef'

const a = 'a'.repeat(40)
const b = 'b'.repeat(40)
const c = 'c'.repeat(40)
const refs: ServerRef[] = [
  { ref: 'HEAD', oid: a, target: 'refs/heads/main' },
  { ref: 'refs/heads/main', oid: a },
  { ref: 'refs/heads/feature/x', oid: b },
  // An annotated tag: its own object, peeled to the commit it names.
  { ref: 'refs/tags/v1', oid: c, peeled: b },
]

describe('matchRef', () => {
  it('resolves HEAD, branches (with slashes) and tags to commits', () => {
    expect(matchRef(refs, 'HEAD', 'u')).toEqual({ kind: 'ref', name: 'HEAD', sha: a })
    expect(matchRef(refs, 'feature/x', 'u')).toMatchObject({ kind: 'ref', name: 'feature/x', sha: b, isTag: false })
    expect(matchRef(refs, 'v1', 'u')).toMatchObject({ kind: 'ref', name: 'v1', sha: b, isTag: true })
    expect(matchRef(refs, 'refs/heads/main', 'u')).toMatchObject({ sha: a })
  })

  it('reads other hex refs as SHAs, noting a branch tip that matches', () => {
    expect(matchRef(refs, 'bbbbbbb', 'u')).toEqual({ kind: 'sha', prefix: 'bbbbbbb', tipName: 'feature/x' })
    expect(matchRef(refs, 'deadbeef', 'u')).toEqual({ kind: 'sha', prefix: 'deadbeef', tipName: undefined })
  })

  it('names a ref that is neither a branch, a tag nor a SHA', () => {
    expect(() => matchRef(refs, 'nope', 'u')).toThrow(expect.objectContaining({ code: 'REF_NOT_FOUND' }))
  })
})

describe('isLfsPointer', () => {
  const enc = (s: string) => new TextEncoder().encode(s)
  it('knows a Git LFS pointer from data', () => {
    expect(
      isLfsPointer(enc(`version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(64)}\nsize 12\n`)),
    ).toBe(true)
    expect(isLfsPointer(enc('version https://git-lfs.github.com/spec/v1\nsome text\n'))).toBe(false)
    expect(isLfsPointer(enc('a,b\n1,2\n'))).toBe(false)
  })
})
