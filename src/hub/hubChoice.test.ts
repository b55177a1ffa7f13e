import { describe, expect, it } from 'vitest'
import { chosenHub, HUB_CHOICE_KEY, rememberHub } from './hubChoice'

const hubs = [
  { name: 'mybinder.org', url: 'https://mybinder.org' },
  { name: 'Uni hub', url: 'https://hub.uni.test' },
]
const memory = () => {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m }
}

describe('hub choice', () => {
  it('is the first hub until the user picks one, then the pick, while the list still has it', () => {
    const store = memory()
    expect(chosenHub(hubs, store)).toBe(hubs[0])
    rememberHub(hubs[1], store)
    expect(store.m.get(HUB_CHOICE_KEY)).toBe('https://hub.uni.test')
    expect(chosenHub(hubs, store)).toBe(hubs[1])
    expect(chosenHub([hubs[0]], store)).toBe(hubs[0])
  })

  it('survives blocked storage', () => {
    const blocked = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
    }
    expect(chosenHub(hubs, blocked)).toBe(hubs[0])
    expect(() => rememberHub(hubs[1], blocked)).not.toThrow()
  })
})
