export { envDigest, snapshotKey, type EnvContents } from './envDigest'
export {
  readSnapshot,
  writeSnapshot,
  discardSnapshot,
  idbSnapshotStorage,
  type SnapshotStorage,
  type SnapshotLookup,
} from './snapshotStore'
