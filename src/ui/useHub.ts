import { useState } from 'preact/hooks'
import type { Hub, QuireConfig } from '../config'
import { chosenHub, rememberHub } from '../hub'

/** The BinderHub hand-offs use: the configured one, or the user's remembered pick among several. */
export function useHub(config: QuireConfig): { hub: Hub; hubs: Hub[]; choose(h: Hub): void } {
  const [hub, setHub] = useState(() => chosenHub(config.hubs, localStorage))
  return {
    hub,
    hubs: config.hubs,
    choose(h) {
      rememberHub(h, localStorage)
      setHub(h)
    },
  }
}
