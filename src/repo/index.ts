export {
  openRepo,
  checkUpstream,
  dirFor,
  type RepoRecord,
  type RepoRecords,
  type CommitRecord,
  type CommitRecords,
  type OpenRepoIo,
} from './openRepo'
export { lookupRef, matchRef, type RemoteRef, type ServerRef } from './remoteRef'
export { isLfsPointer, splitLfsPointers } from './lfs'
export { cloneRepo } from './cloneRepo'
export { gitSource, withFallback, type RepoSource } from './source'
export { githubApiSource, GithubRateLimitError } from './githubApi'
export { sourceFor, specForGitUrl, type SourceIo } from './sourceFor'
export { classifyLinks, resolveLink } from './links'
export { readTree } from './readTree'
export { findNotebooks } from './findNotebooks'
export {
  RepoUnreachableError,
  RepoNotFoundError,
  RefNotFoundError,
  CommitNotFoundError,
  RepoTooLargeError,
} from './errors'
export type { RepoFile, RepoLink, RepoGaps, RepoSnapshot, FetchProgress, FetchPhase, RepoFs } from './types'
export {
  diffFiles,
  describeUpstreamCheck,
  upstreamCopies,
  upstreamName,
  type UpstreamChange,
  type UpstreamCheck,
} from './upstream'
export { pullRepo } from './pullRepo'
export { jsdelivrSource } from './jsdelivr'
export { routeChain, isRouteFailure, routeName } from './routes'
export { cacheStorageRefCache, withRefCache, type RefCache, type CachedRef } from './refCache'
