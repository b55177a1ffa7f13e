// Public surface of src/resolve: requirements → exact wheels for Pyodide.
export {
  BadRequirementError,
  CorruptDownloadError,
  HashMismatchError,
  HttpError,
  IndexUnreachableError,
  NoBrowserWheelError,
  PackageNotFoundError,
  UnsatisfiablePinError,
  type SourceLine,
  type Wish,
} from './errors'
export { createHttpFetcher, hostOf, type BytesFetcher, type Fetcher } from './fetcher'
export { evaluateMarker, parseMarker, MarkerSyntaxError, PYODIDE_MARKER_ENV, type MarkerEnv } from './markers'
export { normalizeName } from './names'
export { dirName, joinRepoPath } from './repoPath'
export { parseRequirement, type Requirement } from './requirement'
export { assertConfigSize, MAX_CONFIG_CHARS } from './sizeCap'
export { parseRequirements, type OptionKind, type RequirementOption, type RequirementsFile } from './requirements'
export { isBrowserWheel, parseWheelFilename, PYODIDE_PLATFORM, type WheelName } from './wheelTags'
export { loadPyodideLock, type LockPackage, type PyodideLock } from './pyodideLock'
export { chooseRelease, readIndexProject, type IndexFile, type IndexProject, type ReleaseChoice } from './indexProject'
export {
  resolveEnv,
  type Drift,
  type PackageSource,
  type Problem,
  type ResolvedEnv,
  type ResolvedPackage,
  type ResolveIo,
  type ResolveProgress,
} from './resolveEnv'
export { downloadWheel, sha256Hex, verifySha256, wheelUrl, type DownloadIo } from './download'
export { assertSafeWheel, unsafeEntryReason, UnsafeWheelError } from './wheelSafety'
export { indexApiOf, type IndexApi } from './indexSource'
export { type IndexRef, type UnreachableIndex } from './multiIndex'
