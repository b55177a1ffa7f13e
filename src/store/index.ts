export { openQuireDb, type QuireDatabase, type EnvRecord, type WheelRecord, type EditRecord } from './db'
