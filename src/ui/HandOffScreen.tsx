import type { QuireConfig } from '../config'
import type { LaunchSpec } from '../launch'
import { appPath } from '../shared/base'
import './launch.css'
import { VerdictScreen } from './VerdictScreen'

/**
 * A link to a data archive whose files a browser tab cannot read (no CORS: figshare, Dataverse,
 * HydroShare, CKAN, a non-Zenodo DOI): nothing is fetched; the same spec goes to a hub, with why.
 */
export function HandOffScreen({ spec, config }: { spec: LaunchSpec; config: QuireConfig }) {
  const reason = spec.handOff ?? ''
  return (
    <div class="q-launch">
      <header class="q-bar">
        <a class="q-brand" href={appPath('/')}>
          Quire
        </a>
        <span class="q-repo" title={spec.repoUrl}>
          {spec.name}
        </span>
      </header>
      <main class="q-main">
        <VerdictScreen
          spec={spec}
          verdict={{ kind: 'hub', reasons: [{ level: 'hub', text: reason }] }}
          config={config}
          title="This record opens on a BinderHub"
          lede={`Quire reads ${spec.provider} records through their web API, and this one cannot be read from a browser tab. A BinderHub fetches the same record on a server.`}
        />
      </main>
    </div>
  )
}
