export {
  loadConfig,
  defaultConfig,
  mergeConfig,
  saveLocalOverride,
  PYODIDE_VERSION,
  QUIRE_VERSION,
  CONFIG_STORAGE_KEY,
  type Hub,
  type QuireConfig,
} from './config'
