import { useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { ErrorScreen } from './ErrorScreen'
import { NotebookHost } from './NotebookHost'
import { NotebookList } from './NotebookList'
import { Progress } from './Progress'
import { useLaunch } from './useLaunch'

function useNow(isTicking: boolean): number {
  const [now, setNow] = useState(performance.now())
  useEffect(() => {
    if (!isTicking) return
    const t = setInterval(() => setNow(performance.now()), 200)
    return () => clearInterval(t)
  }, [isTicking])
  return isTicking ? now : performance.now()
}

export function LaunchScreen({ spec, config }: { spec: LaunchSpec; config: QuireConfig }) {
  const state = useLaunch(spec, config)
  const now = useNow(state.kind === 'preparing')
  const sha = state.kind === 'ready' ? state.prepared.sha : undefined
  return (
    <div class="q-launch">
      <header class="q-bar">
        <a class="q-brand" href="/">Quire</a>
        <span class="q-repo" title={spec.repoUrl}>{spec.name}</span>
        <span class="q-ref">{spec.ref}</span>
        {sha && <code class="q-sha" title={`commit ${sha}`}>{sha.slice(0, 7)}</code>}
        {state.kind === 'ready' && state.prepared.isRepoFromCache && <span class="q-badge" title="Opened from this browser's storage, without the network">cached</span>}
      </header>
      <main class="q-main">
        {state.kind === 'preparing' && <Progress phases={state.phases} now={now} />}
        {state.kind === 'failed' && <ErrorScreen error={state.error} phase={state.phase} />}
        {state.kind === 'ready' && state.choice.kind === 'none' && (
          <ErrorScreen error={{ code: 'NO_NOTEBOOK', message: `${spec.repoUrl} at ${spec.ref} has no .ipynb files`, data: {} }} phase="finding notebooks" />
        )}
        {state.kind === 'ready' && state.choice.kind === 'list' && <NotebookList spec={spec} paths={state.choice.paths} missing={state.choice.missing} />}
        {state.kind === 'ready' && state.choice.kind === 'open' && <NotebookHost prepared={state.prepared} path={state.choice.path} config={config} />}
      </main>
    </div>
  )
}
