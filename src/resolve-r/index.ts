// Public surface of src/resolve-r: R packages → exact binaries from webR's package repository.
export {
  downloadRPackages,
  knownRSha,
  resolveREnv,
  rEnvReasons,
  rListed,
  storedRPackages,
  WEBR_REPO_URL,
  type RCache,
  type REnvRecord,
  type RPackageFile,
} from './launchR'
export { readPackagesIndex, type RDependency, type RIndex, type RIndexEntry } from './packagesIndex'
export { contribUrl, loadRIndex } from './rRepo'
export { rPackageReasons } from './rReasons'
export { resolveRPackages, type RDrift, type RProblem, type ResolvedREnv, type ResolvedRPackage } from './resolveR'
export { compareRVersions, satisfiesR } from './rVersion'
