export {
  openQuireDb,
  STORAGE_CLOSED_EVENT,
  testQuotaBytes,
  withSize,
  type QuireDatabase,
  type EnvRecord,
  type WheelRecord,
  type EditRecord,
  type SnapshotRecord,
  type HistoryRecord,
} from './db'
export { isQuotaError, retryAfterEviction, writeWithEviction, type EvictOne, type QuotaIo } from './quota'
export {
  catalogOf,
  planRemoval,
  lruOrder,
  nextEviction,
  baselinesOf,
  BASELINE_PREFIX,
  envRepoKey,
  type BaselineEntry,
  type CacheEntry,
  type StoredState,
  type RemovalPlan,
} from './catalog'
export { loadStoredState, applyRemoval, removeCaches, removeEverything, lruEvictor, type CacheFs } from './storageIo'
export { pageQuota } from './pageQuota'
export { guardPageTransactions, LeaveGuard, pageLeaveGuard } from './leaveGuard'
export { isUserEdit, isMetadataOnlySave } from './editCount'
export { trackInUse } from './inUse'
export {
  saveWithHistory,
  listVersions,
  listHistoryFiles,
  evictHistory,
  shouldKeep,
  pastBudget,
  isStaleSave,
  EditConflictError,
  HISTORY_MAX_VERSIONS,
  HISTORY_MAX_AGE_MS,
} from './history'
