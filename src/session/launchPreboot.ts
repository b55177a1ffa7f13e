// The launch's side of the early Python kernel (preboot.ts): started as the launch begins only when
// the link's notebooks, as remembered from its last launch, need Python (kernelNeeds.ts), and
// settled once the launch is prepared: ended for an R-only repository or a hub verdict, started
// late when the guess was wrong, and the notebooks' languages remembered for next time.
import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import type { PreparedLaunch } from '../prepare/types'
import { needsPythonEarly, notebookLanguages } from './kernelNeeds'
import { recallLanguages, rememberLanguages, type KeyValueStore } from './languageMemo'
import { startPreboot } from './prebootRegistry'

export interface LaunchPreboot {
  /** Ends the early kernel unless a session took it. */
  end(): void
  /** The launch is prepared; `openPath` is the notebook it opens, when it opens one. */
  prepared(prepared: PreparedLaunch, openPath: string | undefined): void
}

export interface LaunchPrebootIo {
  start(spec: LaunchSpec, config: QuireConfig): () => void
  store(): KeyValueStore
}

const browserIo: LaunchPrebootIo = { start: startPreboot, store: () => localStorage }

export function launchPreboot(spec: LaunchSpec, config: QuireConfig, io: LaunchPrebootIo = browserIo): LaunchPreboot {
  let end: (() => void) | undefined
  /** Set by `end`: the launch is over (or replaced), so nothing may start any more. */
  let isOver = false
  const start = () => {
    if (!isOver) end ??= io.start(spec, config)
  }
  const stop = () => {
    end?.()
    end = undefined
  }
  // A server application (urlpath=rstudio) is a hub verdict whatever the repository holds.
  if (!spec.serverApp && needsPythonEarly(recallLanguages(io.store, spec.key), spec.labpath)) start()
  return {
    end() {
      isOver = true
      stop()
    },
    prepared(prepared, openPath) {
      if (isOver) return
      const decoder = new TextDecoder()
      const files = new Map(prepared.files.map((f) => [f.path, f.data]))
      const languages = notebookLanguages(prepared.notebooks, (p) => {
        const data = files.get(p)
        return data && decoder.decode(data)
      })
      rememberLanguages(io.store, spec.key, languages)
      if (prepared.verdict.kind === 'hub' || !needsPythonEarly(languages, openPath)) stop()
      // Remembered wrongly (or never): Python starts now, still from a stored snapshot if any.
      else start()
    },
  }
}
