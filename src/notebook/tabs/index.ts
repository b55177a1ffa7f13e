export { tabChannelName, overlayChannelName, newTabId, type TabChannel, type TabMessage } from './channel'
export { createDocSync, webLocks, type DocLocks, type DocSync } from './docSync'
export { memoryLocks } from './memoryLocks'
export { broadcastingStore, listenForFiles } from './overlaySync'
