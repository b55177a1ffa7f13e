import { useEffect, useState } from 'preact/hooks'
import { loadConfig, type QuireConfig } from '../config'
import { parseLaunchUrl, type LaunchSpec } from '../launch'
import { routePath } from '../shared/base'
import { AppError, serializeError } from '../shared/errors'
import { ErrorScreen } from './ErrorScreen'
import { Landing } from './landing/Landing'
import { HandOffScreen } from './HandOffScreen'
import { LaunchScreen } from './LaunchScreen'
import { StorageClosedBanner } from './StorageClosedBanner'
import { StoragePage } from './storage/StoragePage'
import { CheckPage } from './check/CheckPage'

type Route =
  | { kind: 'home' }
  | { kind: 'storage' }
  | { kind: 'check' }
  | { kind: 'launch'; spec: LaunchSpec }
  | { kind: 'bad'; error: AppError }

function route(pathname: string, search: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' }
  if (pathname === '/storage' || pathname === '/storage/') return { kind: 'storage' }
  if (pathname === '/check' || pathname === '/check/') return { kind: 'check' }
  try {
    return { kind: 'launch', spec: parseLaunchUrl(pathname, search) }
  } catch (e) {
    return { kind: 'bad', error: e instanceof AppError ? e : new AppError('INTERNAL', String(e)) }
  }
}

export function App() {
  return (
    <>
      <Routed />
      <StorageClosedBanner />
    </>
  )
}

function Routed() {
  const [config, setConfig] = useState<QuireConfig | null>(null)
  useEffect(() => void loadConfig().then(setConfig), [])
  const path = routePath(location.pathname)
  const r = path === null ? route('/outside-the-base', '') : route(path, location.search)
  if (r.kind === 'home') return <Landing />
  if (r.kind === 'storage') return <StoragePage config={config} />
  if (r.kind === 'check') return <CheckPage config={config} />
  if (r.kind === 'bad')
    return (
      <main class="q-main">
        <ErrorScreen error={serializeError(r.error)} phase="reading the link" />
      </main>
    )
  if (!config) return null
  // A record no browser tab can read (a provider without CORS) goes to a hub before anything is fetched.
  return r.spec.handOff ? (
    <HandOffScreen spec={r.spec} config={config} />
  ) : (
    <LaunchScreen spec={r.spec} config={config} />
  )
}
