import type { Verdict } from '../environment'
import type { ServerApp } from './launchQuery'

/**
 * The verdict of a launch whose link opens a server application (urlpath=rstudio, shiny/…,
 * proxy/…): a hub, whatever the environment allows, with the application's reason first.
 */
export function serverAppVerdict(verdict: Verdict, app: ServerApp | undefined): Verdict {
  if (!app) return verdict
  return { kind: 'hub', reasons: [{ level: 'hub', text: app.reason }, ...verdict.reasons] }
}
