// Public surface of src/spec: a repository's environment files → an EnvSpec.
export { ConflictingBinderDirsError } from './errors'
export { ENV_FILE_NAMES, findEnvFiles, type ConfigDir, type EnvFileName, type EnvFiles } from './findEnvFiles'
export { readEnvSpec, type EnvSpec, type ReadFile } from './readEnvSpec'
