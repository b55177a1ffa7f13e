export { loadConfig, defaultConfig, mergeConfig, PYODIDE_VERSION, CONFIG_STORAGE_KEY, type QuireConfig } from './config'
