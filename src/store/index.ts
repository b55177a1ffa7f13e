export { openQuireDb, type QuireDatabase, type EnvRecord, type WheelRecord, type EditRecord, type SnapshotRecord } from './db'
