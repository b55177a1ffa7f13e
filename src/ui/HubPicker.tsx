import type { Hub } from '../config'

/** Which BinderHub to hand off to; shown only when the configuration lists several. */
export function HubPicker({ hub, hubs, choose }: { hub: Hub; hubs: Hub[]; choose(h: Hub): void }) {
  if (hubs.length < 2) return null
  return (
    <label class="q-hub-picker">
      <span>BinderHub</span>
      <select
        value={hub.url}
        onChange={(e) => {
          const picked = hubs.find((h) => h.url === e.currentTarget.value)
          if (picked) choose(picked)
        }}
      >
        {hubs.map((h) => (
          <option key={h.url} value={h.url}>
            {h.name}
          </option>
        ))}
      </select>
    </label>
  )
}
