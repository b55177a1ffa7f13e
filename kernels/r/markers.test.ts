import { describe, expect, it } from 'vitest'
import { parseLine } from './markers'

describe('parseLine', () => {
  it('leaves ordinary output alone', () => {
    expect(parseLine('[1] 42')).toEqual({ text: '[1] 42' })
  })

  it('reads a marker and its files', () => {
    expect(parseLine('\x1fquire:result text/plain=/tmp/.quire/out-1.txt text/html=/tmp/.quire/out-2.html\x1f')).toEqual(
      {
        text: '',
        marker: {
          kind: 'result',
          files: [
            { key: 'text/plain', path: '/tmp/.quire/out-1.txt' },
            { key: 'text/html', path: '/tmp/.quire/out-2.html' },
          ],
        },
      },
    )
  })

  it('splits text printed without a newline from the marker after it', () => {
    expect(parseLine('partial\x1fquire:done \x1f')).toEqual({ text: 'partial', marker: { kind: 'done', files: [] } })
  })

  it('ignores unknown marker kinds', () => {
    expect(parseLine('\x1fquire:launch x=y\x1f')).toEqual({ text: '\x1fquire:launch x=y\x1f' })
  })
})
