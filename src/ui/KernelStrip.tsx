import { useEffect, useState } from 'preact/hooks'
import type { BootKind } from './kernelWait'
import { waitText } from './kernelWait'

export type KernelPhase = 'starting' | 'ready' | 'busy' | 'dead'

/**
 * The last launch phases, which happen after the notebook is already on screen: Python boots and
 * installs the environment while the user reads. Names the steps left and, from this browser's
 * last start of the link, about how long they take (src/ui/kernelWait.ts).
 */
export function KernelStrip({
  phase,
  packages,
  kernelName,
  boot,
  lastTotalMs,
}: {
  phase: KernelPhase
  packages: number
  kernelName: string
  boot?: { kind: BootKind; atMs: number }
  lastTotalMs?: number
}) {
  const [startedAt] = useState(() => performance.now())
  const [now, setNow] = useState(startedAt)
  useEffect(() => {
    if (phase !== 'starting') return
    const t = setInterval(() => setNow(performance.now()), 200)
    return () => clearInterval(t)
  }, [phase])
  if (phase === 'ready' || phase === 'busy') return null
  if (phase === 'dead')
    return (
      <div class="q-kernel-strip q-kernel-dead" role="status" data-kernel-phase={phase}>
        {kernelName} stopped. Restart the kernel from the toolbar; your edits are kept.
      </div>
    )
  const text = waitText({ kernelName, packages, elapsedMs: now - startedAt, boot, lastTotalMs })
  return (
    <div class="q-kernel-strip q-kernel-starting" role="status" data-kernel-phase={phase}>
      <ol class="q-kernel-steps">
        {text.steps.map((s) => (
          <li key={s.label} data-state={s.state}>
            {s.label}
          </li>
        ))}
      </ol>
      <span class="q-kernel-timing">{text.timing}</span>
    </div>
  )
}

/** Maps Jupyter's kernel statuses onto what the strip says. */
export function kernelPhase(status: string): KernelPhase {
  if (status === 'idle') return 'ready'
  if (status === 'busy') return 'busy'
  if (status === 'dead') return 'dead'
  return 'starting'
}
