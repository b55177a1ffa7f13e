import { describe, expect, it, vi } from 'vitest'
import { watchPageCache } from './pageCache'

const transition = (type: 'pagehide' | 'pageshow', persisted: boolean) => Object.assign(new Event(type), { persisted })

describe('watchPageCache', () => {
  it('ends the live kernels when the page enters the back/forward cache, and reloads it when it comes back', () => {
    const page = new EventTarget()
    const reload = vi.fn()
    const cache = watchPageCache(page, reload)
    const aEnd = vi.fn()
    const bEnd = vi.fn()
    cache.track({ terminate: aEnd })
    cache.track({ terminate: bEnd }).terminate()
    expect(bEnd).toHaveBeenCalledTimes(1)
    page.dispatchEvent(transition('pagehide', true))
    expect(aEnd).toHaveBeenCalledTimes(1)
    expect(bEnd).toHaveBeenCalledTimes(1) // ended before: not again
    expect(reload).not.toHaveBeenCalled()
    page.dispatchEvent(transition('pageshow', true))
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('leaves the kernels alone on a page that is unloaded for good or shown for the first time', () => {
    const page = new EventTarget()
    const reload = vi.fn()
    const end = vi.fn()
    watchPageCache(page, reload).track({ terminate: end })
    page.dispatchEvent(transition('pagehide', false))
    page.dispatchEvent(transition('pageshow', false))
    expect(end).not.toHaveBeenCalled()
    expect(reload).not.toHaveBeenCalled()
  })
})
