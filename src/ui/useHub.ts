import { useState } from 'preact/hooks'
import type { Hub, QuireConfig } from '../config'
import { chosenHub, rememberHub } from '../hub'

// Reading the `localStorage` global itself throws where storage is blocked; hubChoice then uses the first hub.
function storage(): Storage | undefined {
  try {
    return localStorage
  } catch {
    return undefined
  }
}

/** The BinderHub hand-offs use: the configured one, or the user's remembered pick among several. */
export function useHub(config: QuireConfig): { hub: Hub; hubs: Hub[]; choose(h: Hub): void } {
  const [hub, setHub] = useState(() => chosenHub(config.hubs, storage()))
  return {
    hub,
    hubs: config.hubs,
    choose(h) {
      rememberHub(h, storage())
      setHub(h)
    },
  }
}
