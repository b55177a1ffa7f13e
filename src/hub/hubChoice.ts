import type { Hub } from '../config'

/** Where the user's pick among several hubs is kept (its URL), apart from the config override so
 *  that a site's list of hubs still comes from the site. */
export const HUB_CHOICE_KEY = 'quire:hub'

type Store = Pick<Storage, 'getItem' | 'setItem'>

/** The hub to use: the one this browser picked before if the list still has it, else the first. */
export function chosenHub(hubs: Hub[], store: Store | undefined): Hub {
  let picked: string | null = null
  try {
    picked = store?.getItem(HUB_CHOICE_KEY) ?? null
  } catch {
    // Storage blocked (private mode): no memory, the first hub.
  }
  return hubs.find((h) => h.url === picked) ?? hubs[0]
}

export function rememberHub(hub: Hub, store: Store | undefined): void {
  try {
    store?.setItem(HUB_CHOICE_KEY, hub.url)
  } catch {
    // Not remembered; the choice still applies to this launch.
  }
}
