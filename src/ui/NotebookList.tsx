import { launchPath, type LaunchSpec } from '../launch'
import { appPath } from '../shared/base'

/** The repository's notebooks to pick from (several and none named, or the named one missing). */
export function NotebookList({ spec, paths, missing }: { spec: LaunchSpec; paths: string[]; missing?: string }) {
  return (
    <section class="q-list">
      {missing && (
        <p class="q-notice" role="status" data-error-code="NOTEBOOK_NOT_FOUND">
          The link asks for <code>{missing}</code>, which is not in this repository. Pick a notebook instead:
        </p>
      )}
      <h2>Notebooks in {spec.name}</h2>
      <ul>
        {paths.map((p) => (
          <li key={p}>
            <a href={appPath(launchPath({ ...spec, labpath: p }))}>{p}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}
