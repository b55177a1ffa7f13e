export { parseLaunchUrl, launchPath, permalinkPath, type LaunchSpec, type Provider } from './launchSpec'
export { normalizeRepoPath, isFullSha, mayBeSha } from './launchQuery'
export { cloneUrlFor, type ProviderHosts } from './cloneUrl'
export { BadLaunchUrlError, UnsupportedProviderError } from './errors'
