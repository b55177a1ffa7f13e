import { MimeModel, type IRenderMimeRegistry } from '@jupyterlab/rendermime'
import { Widget } from '@lumino/widgets'

/** What the overview shows: a repository with several notebooks and no `labpath` (issue 24). */
export interface OverviewContent {
  /** The repository's name, for the heading. */
  name: string
  /** Every notebook, in the order the launch lists them. */
  notebooks: string[]
  /** A `labpath` the repository does not have: said above the list, as mybinder's 404 would. */
  missing?: string
  /** The README's path and markdown, when the repository has one at its root. */
  readme?: { path: string; text: string }
}

/** A README at the root, by the names GitHub shows first. */
export function findReadme(paths: readonly string[]): string | undefined {
  const rank = (p: string) => ['readme.md', 'readme.markdown', 'readme.txt', 'readme'].indexOf(p.toLowerCase())
  return paths.filter((p) => !p.includes('/') && rank(p) >= 0).sort((a, b) => rank(a) - rank(b))[0]
}

/**
 * The first tab of a repository with several notebooks, where Binder shows its file browser: the
 * notebooks first, each opening in a tab of its own, then the README rendered as markdown (untrusted:
 * sanitised, no scripts). The folder tree is the Files panel beside it.
 */
export function createOverview(
  content: OverviewContent,
  rendermime: IRenderMimeRegistry,
  open: (path: string) => Promise<void>,
): Widget {
  const widget = new Widget()
  widget.id = 'quire-overview'
  widget.addClass('quire-Overview')
  widget.title.label = 'Overview'
  widget.title.closable = true
  const doc = widget.node.ownerDocument
  const node = doc.createElement('div')
  node.className = 'quire-Overview-body'
  if (content.missing) {
    const notice = doc.createElement('p')
    notice.className = 'q-notice'
    notice.setAttribute('role', 'status')
    notice.dataset.errorCode = 'NOTEBOOK_NOT_FOUND'
    notice.textContent = `The link asks for ${content.missing}, which is not in this repository. Pick a notebook instead:`
    node.append(notice)
  }
  const heading = doc.createElement('h2')
  heading.textContent = `Notebooks in ${content.name}`
  const list = doc.createElement('ul')
  list.className = 'quire-Overview-notebooks'
  for (const path of content.notebooks) {
    const item = doc.createElement('li')
    const button = doc.createElement('button')
    button.type = 'button'
    button.textContent = path
    button.dataset.path = path
    button.addEventListener('click', () => void open(path))
    item.append(button)
    list.append(item)
  }
  node.append(heading, list)
  if (content.readme) {
    const readme = doc.createElement('section')
    readme.className = 'quire-Overview-readme'
    readme.setAttribute('aria-label', content.readme.path)
    node.append(readme)
    const renderer = rendermime.createRenderer('text/markdown')
    readme.append(renderer.node)
    void renderer.renderModel(new MimeModel({ data: { 'text/markdown': content.readme.text }, trusted: false }))
  }
  widget.node.append(node)
  return widget
}
