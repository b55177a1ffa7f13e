import { useState } from 'preact/hooks'
import { launchPath } from '../launch'

/** Home page: what Quire is, the demo, and a form that turns a git URL into a launch link. */
export function Landing() {
  const [url, setUrl] = useState('')
  const [ref, setRef] = useState('HEAD')
  const [path, setPath] = useState('')
  const link = url.trim() ? launchPath({ provider: 'git', repoUrl: url.trim(), ref: ref.trim() || 'HEAD', labpath: path.trim() || undefined }) : ''
  return (
    <main class="q-landing">
      <h1>Quire</h1>
      <p class="q-lede">
        Binder links that run in your browser. Open a repository’s notebooks with the packages its{' '}
        <code>requirements.txt</code> asks for — no server, no install, and still there offline tomorrow.
      </p>
      <p>
        <a class="q-button q-demo" href="/v2/demo/quire-demo">Try the demo</a>
      </p>
      <form class="q-form" onSubmit={(e) => { e.preventDefault(); if (link) location.assign(link) }}>
        <h2>Open a repository</h2>
        <label>Git repository URL <input name="repo" type="url" required placeholder="https://example.org/you/project.git" value={url} onInput={(e) => setUrl(e.currentTarget.value)} /></label>
        <label>Branch or tag <input name="ref" value={ref} onInput={(e) => setRef(e.currentTarget.value)} /></label>
        <label>Notebook to open (optional) <input name="labpath" placeholder="index.ipynb" value={path} onInput={(e) => setPath(e.currentTarget.value)} /></label>
        {link && <p class="q-link">Link: <a href={link}>{location.origin + link}</a></p>}
        <button type="submit" class="q-button">Launch</button>
      </form>
    </main>
  )
}
