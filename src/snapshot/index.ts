export { envDigest, snapshotKey, type EnvContents } from './envDigest'
export { baselineKey, chooseBoot, isBaselineKey, type BootChoice } from './chooseBoot'
export {
  readSnapshot,
  writeSnapshot,
  discardSnapshot,
  idbSnapshotStorage,
  type SnapshotStorage,
  type SnapshotLookup,
} from './snapshotStore'
