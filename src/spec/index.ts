// Public surface of src/spec: a repository's environment files → an EnvSpec and a verdict.
export { ConflictingBinderDirsError } from './errors'
export { readEnvironmentYml, type CondaEnv } from './environmentYml'
export { ENV_FILE_NAMES, findEnvFiles, type ConfigDir, type EnvFileName, type EnvFiles } from './findEnvFiles'
export { readPipfile, readPipfileLock } from './pipfile'
export { readEnvSpec, type EnvKind, type EnvSpec, type ReadFile } from './readEnvSpec'
export { verdictOf, type Reason, type ReasonLevel, type Verdict, type VerdictKind } from './verdict'
export { readREnv, type REnvResult, type RPackageRequest, type RVersionRequest } from './r'
