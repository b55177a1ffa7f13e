// Pyodide's `_makeSnapshot` mode (kernel-boot.ts) hands Python the global object through a tracking
// proxy, and reads properties with that proxy as the receiver. Web APIs defined as accessors on
// the global's prototypes (`self`, `navigator`, `location`, `crossOriginIsolated`, `origin`, …)
// check their receiver and throw "Illegal invocation", so `js.navigator` failed on a first visit
// while it worked from a snapshot. Giving the global own accessors that call the original getter
// with the real global makes the receiver irrelevant. Functions are unaffected: Pyodide calls them
// with the right `this`.

/** Redefines the global's inherited and own accessors as ones bound to it; returns how many. */
export function bindGlobalAccessors(global: object): number {
  let count = 0
  const seen = new Set<string>()
  for (let owner: object | null = global; owner && owner !== Object.prototype; owner = Object.getPrototypeOf(owner)) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(owner))) {
      if (seen.has(name)) continue
      seen.add(name)
      const { get, set } = d
      if (!get) continue
      // An own accessor that cannot be redefined stays; an inherited one is shadowed by an own property.
      if (owner === global && !d.configurable) continue
      Object.defineProperty(global, name, {
        configurable: true,
        enumerable: d.enumerable ?? false,
        get: () => get.call(global),
        ...(set ? { set: (value: unknown) => set.call(global, value) } : {}),
      })
      count++
    }
  }
  return count
}
