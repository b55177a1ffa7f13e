import type { LaunchSpec } from './launchSpec'

export interface ProviderHosts {
  githubUrl: string
  gitlabUrl: string
  gistUrl: string
}

/** Where to clone a launch from, on the hosts the config names (tests point them at local servers). */
export function cloneUrlFor(spec: Pick<LaunchSpec, 'provider' | 'repo'>, hosts: ProviderHosts): string {
  switch (spec.provider) {
    case 'gh':
      return `${hosts.githubUrl}/${spec.repo}.git`
    case 'gl':
      return `${hosts.gitlabUrl}/${spec.repo}.git`
    case 'gist':
      // A gist's git URL needs only its id; the owner is in the link for people to read.
      return `${hosts.gistUrl}/${spec.repo.split('/')[1]}.git`
    case 'git':
    case 'demo':
      return spec.repo
    // Records are not cloned; their sources (src/repo/zenodo.ts) read the API.
    case 'zenodo':
    case 'figshare':
    case 'dataverse':
      return `https://doi.org/${spec.repo}`
    case 'hydroshare':
      return `https://www.hydroshare.org/resource/${spec.repo}`
    case 'ckan':
      return spec.repo
  }
}
