import { render } from 'preact'
import { registerServiceWorker } from './offline/registerServiceWorker'
import { guardPageTransactions } from './store/leaveGuard'
import { App } from './ui/App'
import './ui/app.css'

// Before any storage is opened: no transaction of this page may stay open in the back/forward cache.
guardPageTransactions(window)

render(<App />, document.getElementById('app')!)

// Production only: in the dev server a caching worker would serve stale modules.
if (import.meta.env.PROD)
  registerServiceWorker().catch((e: unknown) => console.warn('Quire: service worker not registered', e))
