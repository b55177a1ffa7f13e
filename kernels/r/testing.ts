// Tests only: webR in Node, from the same npm package the site serves.
import { fileURLToPath } from 'node:url'
import { WebR } from 'webr'
import type { RRuntime } from './runtime'

const webrDist = fileURLToPath(new URL('../../node_modules/webr/dist/', import.meta.url))

/** `repoUrl`: a webR-format package repository (e2e/servers/webr-repo.ts); none by default. */
export function createTestRuntime(repoUrl = 'http://127.0.0.1:9/no-repository'): RRuntime {
  // interactive: R's console loop must keep reading lines; non-interactive R stops after one.
  return new WebR({ baseUrl: webrDist, repoUrl, interactive: true })
}
