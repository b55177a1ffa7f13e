import { useState } from 'preact/hooks'
import { saveLocalOverride } from '../config'

/**
 * Offered when GitHub's unauthenticated API limit is used up: a personal access token (no scopes
 * needed for public repositories) raises it to 5000 calls an hour. Kept in this browser's
 * configuration only and sent only to the API host.
 */
export function GithubTokenForm() {
  const [token, setToken] = useState('')
  const save = (e: Event) => {
    e.preventDefault()
    saveLocalOverride({ githubToken: token.trim() })
    location.reload()
  }
  return (
    <form class="q-token-form" onSubmit={save}>
      <label>
        <span>GitHub token (kept in this browser, sent only to GitHub’s API)</span>
        <input
          name="github-token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="q-button">
        Use token and retry
      </button>
    </form>
  )
}
