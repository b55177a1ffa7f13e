import { useEffect, useState } from 'preact/hooks'

export type KernelPhase = 'starting' | 'ready' | 'busy' | 'dead'

/**
 * The last launch phases, which happen after the notebook is already on screen: Python boots and
 * installs the environment while the user reads. Says what it is waiting for, with elapsed time.
 */
export function KernelStrip({
  phase,
  packages,
  kernelName,
}: {
  phase: KernelPhase
  packages: number
  kernelName: string
}) {
  const [startedAt] = useState(() => performance.now())
  const [now, setNow] = useState(startedAt)
  useEffect(() => {
    if (phase !== 'starting') return
    const t = setInterval(() => setNow(performance.now()), 200)
    return () => clearInterval(t)
  }, [phase])
  if (phase === 'ready' || phase === 'busy') return null
  const text =
    phase === 'dead'
      ? `${kernelName} stopped. Restart the kernel from the toolbar; your edits are kept.`
      : `Starting ${kernelName} in your browser${packages ? ` and installing ${packages} package${packages === 1 ? '' : 's'}` : ''}… ${((now - startedAt) / 1000).toFixed(1)} s`
  return (
    <div class={`q-kernel-strip q-kernel-${phase}`} role="status" data-kernel-phase={phase}>
      {text}
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
