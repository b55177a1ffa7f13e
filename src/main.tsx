import { render } from 'preact'
import { registerServiceWorker } from './offline/registerServiceWorker'
import { App } from './ui/App'
import './ui/app.css'

render(<App />, document.getElementById('app')!)

// Production only: in the dev server a caching worker would serve stale modules.
if (import.meta.env.PROD)
  registerServiceWorker().catch((e: unknown) => console.warn('Quire: service worker not registered', e))
