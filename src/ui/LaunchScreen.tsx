import { useEffect, useState } from 'preact/hooks'
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { CommitInfo } from './CommitInfo'
import { EnvironmentButton } from './EnvReportView'
import './launch.css'
import { ErrorScreen } from './ErrorScreen'
import { NotebookHost } from './NotebookHost'
import { appPath } from '../shared/base'
import { GithubTokenForm } from './GithubTokenForm'
import { LaunchLog } from './LaunchLog'
import { Progress } from './Progress'
import { useLaunch } from './useLaunch'
import { UpstreamPrompt } from './storage/UpstreamPrompt'
import { VerdictScreen } from './VerdictScreen'
import { VoilaHost } from './VoilaHost'
import { NotebookList } from './NotebookList'
import { WarningsNotice } from './WarningsNotice'

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
  // A hub verdict replaces the notebook: nothing was installed for it.
  const ready = state.kind === 'ready' ? state : undefined
  const isBrowser = ready !== undefined && ready.prepared.verdict.kind !== 'hub'
  const [isFilesOpen, setFilesOpen] = useState(false)
  const hasWorkspace = isBrowser && state.kind === 'ready' && state.choice.kind !== 'none'
  return (
    <div class="q-launch">
      <header class="q-bar">
        {hasWorkspace && (
          <button
            type="button"
            class="q-files-toggle"
            aria-expanded={isFilesOpen}
            title="The repository's files"
            onClick={() => setFilesOpen(!isFilesOpen)}
          >
            Files
          </button>
        )}
        <a class="q-brand" href={appPath('/')}>
          Quire
        </a>
        <span class="q-repo" title={spec.repoUrl}>
          {spec.name}
        </span>
        {/* A record (Zenodo) has no ref: its version shows as the commit beside. */}
        {!spec.repoUrl.startsWith('https://doi.org/') && <span class="q-ref">{spec.ref}</span>}
        {sha && <CommitInfo spec={spec} sha={sha} checked={ready?.upstream} corsProxy={config.corsProxy} />}
        {state.kind === 'ready' && state.prepared.isRepoFromCache && (
          <span class="q-badge" title="Opened from this browser's storage, without the network">
            cached
          </span>
        )}
        <a class="q-storage-link" href={appPath('/storage')} title="What Quire keeps in this browser, and offline use">
          Storage
        </a>
        {state.kind !== 'preparing' && state.report && (
          <EnvironmentButton report={state.report} spec={spec} config={config} lock={ready?.prepared.lock} />
        )}
      </header>
      <main class="q-main">
        {state.kind === 'preparing' && (
          <Progress phases={state.phases} now={now} log={state.log} report={state.report} spec={spec} config={config} />
        )}
        {state.kind === 'failed' && (
          <ErrorScreen error={state.error} phase={state.phase} launch={{ spec, config }}>
            {state.error.code === 'GITHUB_RATE_LIMITED' && <GithubTokenForm />}
            {state.error.code === 'STORAGE_FULL' && (
              <p>
                <a href={appPath('/storage')}>Open the Storage page</a> to delete repositories you no longer need.
              </p>
            )}
            <LaunchLog lines={state.log} />
          </ErrorScreen>
        )}
        {ready && ready.prepared.verdict.kind === 'hub' && (
          <VerdictScreen spec={spec} verdict={ready.prepared.verdict} config={config} />
        )}
        {ready && ready.prepared.verdict.kind === 'browser-with-warnings' && (
          <WarningsNotice verdict={ready.prepared.verdict} />
        )}
        {ready && <UpstreamPrompt prepared={ready.prepared} check={ready.upstream} onUpdated={ready.relaunch} />}
        {isBrowser && state.kind === 'ready' && state.choice.kind === 'none' && (
          <ErrorScreen
            error={{ code: 'NO_NOTEBOOK', message: `${spec.repoUrl} at ${spec.ref} has no .ipynb files`, data: {} }}
            phase="finding notebooks"
            launch={{ spec, config, sha }}
          />
        )}
        {isBrowser && state.kind === 'ready' && state.choice.kind === 'list' && spec.view === 'voila' && (
          // `voila/tree`: Voilà's own list of the apps, each link opening one (launchPath keeps the view).
          <NotebookList spec={spec} paths={state.choice.paths} missing={state.choice.missing} />
        )}
        {isBrowser && state.kind === 'ready' && state.choice.kind === 'open' && spec.view === 'voila' && (
          <VoilaHost prepared={state.prepared} path={state.choice.path} config={config} />
        )}
        {isBrowser && state.kind === 'ready' && state.choice.kind !== 'none' && spec.view !== 'voila' && (
          <NotebookHost
            prepared={state.prepared}
            path={state.choice.kind === 'open' ? state.choice.path : state.choice.paths[0]}
            alsoOpen={state.choice.kind === 'open' ? state.choice.alsoOpen : undefined}
            overview={state.choice.kind === 'list' ? state.choice : undefined}
            config={config}
            isFilesOpen={isFilesOpen}
            onFilesOpen={setFilesOpen}
          />
        )}
      </main>
    </div>
  )
}
