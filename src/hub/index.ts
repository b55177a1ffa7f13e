export { hubBuildUrl, hubLaunchUrl, hubServerUrl, hubSpecPath } from './hubLinks'
export { followBuild, readHubEvent, type HubEvent, type HubPhase } from './buildStream'
export { chosenHub, rememberHub, HUB_CHOICE_KEY } from './hubChoice'
export { issueUrl, type IssueReport } from './issueLinks'
