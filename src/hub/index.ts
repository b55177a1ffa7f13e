export { hubBuildUrl, hubLaunchUrl, hubServerUrl, hubSpecPath } from './hubLinks'
export { followBuild, readHubEvent, type HubEvent, type HubPhase } from './buildStream'
