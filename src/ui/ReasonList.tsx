import type { Reason } from '../environment'

const LABEL: Record<Reason['level'], string> = { hub: 'needs a server', warning: 'warning', note: 'note' }

/** The verdict's reasons, each with the file (and line) it is about unless its text starts with it. */
export function ReasonList({ reasons }: { reasons: Reason[] }) {
  return (
    <ul class="q-reasons">
      {reasons.map((r, i) => (
        <li key={i} class={`q-reason q-reason-${r.level}`} data-level={r.level}>
          <span class="q-reason-level">{LABEL[r.level]}</span>
          {r.file && !r.text.startsWith(r.file) && <code class="q-reason-file">{r.file}</code>}
          <span class="q-reason-text">{r.text}</span>
        </li>
      ))}
    </ul>
  )
}
