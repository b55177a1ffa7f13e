// R environments: what install.R, DESCRIPTION, conda r-* names, runtime.txt and rocker images ask for.
export { readCondaR } from './condaR'
export { readDescription, readRDependency } from './description'
export { readRockerDockerfile } from './dockerfile'
export { readInstallR } from './installR'
export { readREnv, type REnvResult } from './readREnv'
export { rDriftReasons, readRuntimeTxt } from './runtimeTxt'
export { WEBR_R_VERSION } from './webrR'
export {
  BASE_R_PACKAGES,
  type REnvSpec,
  type RPackageRequest,
  type RPackageSource,
  type RVersionRequest,
} from './types'
