import { useState } from 'preact/hooks'
import { CONFIG_STORAGE_KEY } from '../config'

/**
 * Offered when GitHub's unauthenticated API limit is used up: a personal access token (no scopes
 * needed for public repositories) raises it to 5000 calls an hour. Kept in this browser's
 * configuration only and sent only to the API host.
 */
export function GithubTokenForm() {
  const [token, setToken] = useState('')
  const save = (e: Event) => {
    e.preventDefault()
    let current: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(CONFIG_STORAGE_KEY) ?? '{}')
      if (typeof parsed === 'object' && parsed !== null) current = parsed as Record<string, unknown>
    } catch {
      // A damaged override is replaced rather than blocking the retry.
    }
    localStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify({ ...current, githubToken: token.trim() }))
    location.reload()
  }
  return (
    <form class="q-token-form" onSubmit={save}>
      <label>
        <span>GitHub token (kept in this browser, sent only to GitHub’s API)</span>
        <input name="github-token" type="password" autocomplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit" class="q-button">Use token and retry</button>
    </form>
  )
}
