export { envDigest, snapshotKey, type EnvContents } from './envDigest'
export { readSnapshot, writeSnapshot, discardSnapshot, type SnapshotStorage, type SnapshotLookup } from './snapshotStore'
