export { parseLaunchUrl, launchPath, normalizeRepoPath, type LaunchSpec } from './launchSpec'
export { BadLaunchUrlError, UnsupportedProviderError } from './errors'
