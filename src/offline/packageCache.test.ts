import { describe, expect, it } from 'vitest'
import { cachedPackages, type CacheLookup } from './packageCache'

/** A cache holding responses by URL, as CacheStorage.match answers (undefined when absent). */
function cacheOf(entries: Record<string, Response>): CacheLookup {
  return { match: async (url) => entries[url]?.clone() }
}

describe('cachedPackages', () => {
  it('lists the kept packages with their sizes: content-length when kept, else the body', async () => {
    const store = cacheOf({
      'https://m/numpy.whl': new Response(new Uint8Array(3000), { headers: { 'content-length': '3000' } }),
      // A response stored without content-length (a streamed fetch): measured from its body.
      'https://m/pillow.whl': new Response(new Blob([new Uint8Array(1234)])),
    })
    const sizes = await cachedPackages(['https://m/numpy.whl', 'https://m/pillow.whl', 'https://m/six.whl'], store)
    expect([...sizes]).toEqual([
      ['https://m/numpy.whl', 3000],
      ['https://m/pillow.whl', 1234],
    ])
  })

  it('is empty without a cache (an insecure origin) or without URLs', async () => {
    expect((await cachedPackages(['https://m/numpy.whl'], undefined)).size).toBe(0)
    expect((await cachedPackages([], cacheOf({}))).size).toBe(0)
  })
})
