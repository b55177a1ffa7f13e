import { useState } from 'preact/hooks'
import { launchPath } from '../../launch'
import { appPath, siteRoot } from '../../shared/base'
import { LinkOutput } from './LinkOutput'
import { readRepoInput, type RepoInput } from './repoInput'
import { packCommand } from './packCommand'

function linkFor(input: RepoInput, ref: string, path: string): string | null {
  if (input.kind === 'binder-link')
    return launchPath({ ...input.spec, ref: ref.trim() || input.spec.ref, labpath: path.trim() || input.spec.labpath })
  if (input.kind !== 'repo') return null
  return launchPath({
    provider: input.provider,
    repo: input.repo,
    repoUrl: input.repo,
    ref: ref.trim() || input.ref || 'HEAD',
    labpath: path.trim() || input.labpath || undefined,
  })
}

/** Home page: what Quire is, the demo, and mybinder's form: repository → link, badges, QR code. */
export function Landing() {
  const [repo, setRepo] = useState('')
  const [ref, setRef] = useState('')
  const [path, setPath] = useState('')
  const input = readRepoInput(repo)
  const rel = linkFor(input, ref, path)
  const link = rel ? location.origin + appPath(rel) : ''
  return (
    <main class="q-landing">
      <h1>Quire</h1>
      <p class="q-lede">
        Binder links that run in your browser. Open a repository’s notebooks with the packages its{' '}
        <code>requirements.txt</code> asks for — no server, no install, and still there offline tomorrow.
      </p>
      <p>
        <a class="q-button q-demo" href={appPath('/v2/demo/quire-demo')}>
          Try the demo
        </a>{' '}
        <a class="q-storage-link" href={appPath('/storage')}>
          Storage and offline
        </a>
      </p>
      <form
        class="q-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (rel) location.assign(appPath(rel))
        }}
      >
        <h2>Turn a repository into a link</h2>
        <label>
          <span>
            Repository: GitHub <code>owner/repo</code>, a GitHub, GitLab, gist or git URL, or a mybinder.org link
          </span>
          <input
            name="repo"
            required
            placeholder="norvig/pytudes"
            value={repo}
            onInput={(e) => setRepo(e.currentTarget.value)}
          />
        </label>
        {input.kind === 'invalid' && (
          <p class="q-field-error" role="alert">
            {input.reason}
          </p>
        )}
        {input.kind === 'binder-link' && (
          <p class="q-notice" role="status">
            A Binder link: the same link on Quire is below.
          </p>
        )}
        <div class="q-form-row">
          <label>
            Branch, tag or commit{' '}
            <input name="ref" placeholder="HEAD" value={ref} onInput={(e) => setRef(e.currentTarget.value)} />
          </label>
          <label>
            Notebook to open (optional){' '}
            <input
              name="labpath"
              placeholder="index.ipynb"
              value={path}
              onInput={(e) => setPath(e.currentTarget.value)}
            />
          </label>
        </div>
        {link && <LinkOutput link={link} packCommand={packCommand(input, ref, siteRoot()) ?? undefined} />}
        <button type="submit" class="q-button" disabled={!rel}>
          Launch
        </button>
      </form>
    </main>
  )
}
