import { useEffect, useState } from 'preact/hooks'
import { STORAGE_CLOSED_EVENT } from '../store'

/**
 * Shown when a newer Quire opened in another tab upgraded the storage: this tab closed its
 * connection to let it (src/store/db.ts), so it can no longer save and must be reloaded.
 */
export function StorageClosedBanner() {
  const [isClosed, setClosed] = useState(false)
  useEffect(() => {
    const onClosed = () => setClosed(true)
    globalThis.addEventListener(STORAGE_CLOSED_EVENT, onClosed)
    return () => globalThis.removeEventListener(STORAGE_CLOSED_EVENT, onClosed)
  }, [])
  if (!isClosed) return null
  return (
    <div class="q-storage-closed" role="alert">
      <span>
        Quire was updated in another tab, so this tab can no longer save. Reload it to go on: everything saved so far is
        kept.
      </span>
      <button type="button" class="q-button" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  )
}
