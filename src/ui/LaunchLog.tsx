import { useState } from 'preact/hooks'

/** The launch's log, folded away until wanted, and copyable for a bug report. */
export function LaunchLog({ lines, isOpen = false }: { lines: string[]; isOpen?: boolean }) {
  const [isCopied, setCopied] = useState(false)
  if (lines.length === 0) return null
  const text = lines.join('\n')
  return (
    <details class="q-log" open={isOpen}>
      <summary>
        Launch log ({lines.length} lines)
        <button
          type="button"
          onClick={(e) => {
            e.preventDefault()
            void navigator.clipboard.writeText(text).then(() => setCopied(true))
          }}
        >
          {isCopied ? 'Copied' : 'Copy'}
        </button>
      </summary>
      <pre class="q-log-text">{text}</pre>
    </details>
  )
}
