import { describe, expect, it, vi } from 'vitest'
import { saveOnLeave } from './saveOnLeave'

/** A page transition event as browsers fire them (Node has no PageTransitionEvent). */
const transition = (type: 'pagehide' | 'pageshow', persisted: boolean) => Object.assign(new Event(type), { persisted })

describe('saveOnLeave', () => {
  it('saves when the page is unloaded (a reload, a closed tab)', () => {
    const target = new EventTarget()
    const save = vi.fn(async () => {})
    saveOnLeave(target, save)
    target.dispatchEvent(transition('pagehide', false))
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('starts no write when the page enters the back/forward cache, and saves when it is shown again', () => {
    const target = new EventTarget()
    const save = vi.fn(async () => {})
    saveOnLeave(target, save)
    target.dispatchEvent(transition('pagehide', true))
    expect(save).not.toHaveBeenCalled()
    // The first show of a page is not from the cache: nothing was held back.
    target.dispatchEvent(transition('pageshow', false))
    expect(save).not.toHaveBeenCalled()
    target.dispatchEvent(transition('pageshow', true))
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('stops listening once disposed', () => {
    const target = new EventTarget()
    const save = vi.fn(async () => {})
    saveOnLeave(target, save)()
    target.dispatchEvent(transition('pagehide', false))
    target.dispatchEvent(transition('pageshow', true))
    expect(save).not.toHaveBeenCalled()
  })
})
