import { assertNever, type ErrorCode } from '../shared/errors'

export interface ErrorText {
  title: string
  /** What the user can do about it. */
  action: string
}

/** Words for each error code; the technical message is shown beneath as details. */
export function errorText(code: ErrorCode): ErrorText {
  switch (code) {
    case 'BAD_LAUNCH_URL':
      return {
        title: 'This link is not a valid launch link',
        action:
          'Check the link, or build a new one on the Quire home page. Links look like /v2/gh/<owner>/<repo>/<branch> or /v2/git/<escaped git URL>/<branch>.',
      }
    case 'UNSUPPORTED_PROVIDER':
      return {
        title: 'This kind of repository is not supported yet',
        action:
          'Use a GitHub (/v2/gh/…), GitLab (/v2/gl/…), gist (/v2/gist/…), plain git (/v2/git/…) or data-archive (/v2/zenodo/…, /v2/figshare/…, /v2/dataverse/…, /v2/hydroshare/…, /v2/ckan/…) link.',
      }
    case 'REPO_UNREACHABLE':
      return {
        title: 'The repository could not be reached',
        action:
          'Check your network connection and that the git server allows cross-origin requests (CORS), then retry. GitLab and gist links need a CORS proxy of your own (corsProxy in Quire’s configuration; npx quire proxy runs one).',
      }
    case 'REPO_NOT_FOUND':
      return {
        title: 'The repository was not found',
        action: 'Check the owner and repository name in the link; private repositories cannot be opened.',
      }
    case 'RECORD_RESTRICTED':
      return {
        title: "The record's files are not open to everyone",
        action:
          'The archive lists no files anyone may download (restricted, embargoed or metadata only). Ask its authors for access, or open the record page to see its terms.',
      }
    case 'REF_NOT_FOUND':
      return {
        title: 'That branch or tag does not exist',
        action: 'Check the branch or tag in the link, or use HEAD for the default branch.',
      }
    case 'COMMIT_NOT_FOUND':
      return {
        title: 'That commit could not be found',
        action:
          'Quire looks for a commit in the recent history of the default branch (the details say how far). Check the SHA, or link to the branch or tag that holds it.',
      }
    case 'REPO_TOO_LARGE':
      return {
        title: 'This repository is too large to open in a browser tab',
        action:
          'The details give the size limit. Open it on a BinderHub such as mybinder.org, or raise maxRepoBytes in Quire’s configuration if your machine can hold it.',
      }
    case 'GITHUB_RATE_LIMITED':
      return {
        title: 'GitHub’s API limit for your network is used up',
        action:
          'Unauthenticated use allows 60 requests an hour; the details say when it resets. Until then, give Quire a GitHub token below (5000 requests an hour), set a CORS proxy (corsProxy) in Quire’s configuration so GitHub is cloned with git, or open the repository on mybinder.org.',
      }
    case 'NO_NOTEBOOK':
      return {
        title: 'This repository has no notebooks',
        action: 'Quire opens Jupyter notebooks (.ipynb). Check that you have the right repository and branch.',
      }
    case 'NOTEBOOK_NOT_FOUND':
      return {
        title: 'The notebook named in the link is not in this repository',
        action: 'Pick one of the repository’s notebooks below, or fix the labpath in the link.',
      }
    case 'BAD_NOTEBOOK':
      return {
        title: 'This notebook file is damaged',
        action: 'The file is not a valid Jupyter notebook. Open another notebook, or tell the repository’s author.',
      }
    case 'BAD_REQUIREMENT':
      return {
        title: 'A line in the environment files cannot be read',
        action:
          'The repository’s requirements file has a line pip would reject; tell the repository’s author (the line is named below).',
      }
    case 'CONFLICTING_BINDER_DIRS':
      return {
        title: 'The repository has both binder/ and .binder/',
        action: 'Binder refuses this too: the repository’s author should keep only one of the two folders.',
      }
    case 'PACKAGE_NOT_FOUND':
      return {
        title: 'A required package does not exist on the package index',
        action: 'Check the package name in the requirements file, or the index URL in Quire’s settings.',
      }
    case 'NO_BROWSER_WHEEL':
      return {
        title: 'A required package cannot run in the browser',
        action:
          'It has no pure-Python or WebAssembly build. Open this repository on a BinderHub such as mybinder.org instead.',
      }
    case 'UNSATISFIABLE_PIN':
      return {
        title: 'The required package versions conflict',
        action:
          'Two requirements ask for versions that cannot both hold; the details name them. Tell the repository’s author.',
      }
    case 'INDEX_UNREACHABLE':
      return {
        title: 'The package index could not be reached',
        action: 'Check your network connection and retry; once an environment has been loaded it works offline.',
      }
    case 'CORRUPT_DOWNLOAD':
      return {
        title: 'A download was corrupted',
        action:
          'The file did not match its published checksum. Retry; if it persists, the index or a proxy is altering files.',
      }
    case 'UNSAFE_PATH':
      return {
        title: 'The repository names a file outside itself',
        action:
          'A file in it is named with ../ or an absolute path, which a real git repository cannot hold. Quire opened nothing from it; check where the link points.',
      }
    case 'BAD_FILE_NAME':
      return {
        title: 'That name cannot be used',
        action:
          'Pick another name: it says which rule the name breaks. Names cannot be empty, hold control characters or empty parts (//), be . or .., or be reserved (.git, CON, NUL…), and each part must stay under 255 bytes.',
      }
    case 'NAME_TAKEN':
      return {
        title: 'A file or folder of that name already exists',
        action: 'Pick another name, or rename or delete the one that is there first.',
      }
    case 'UNSAFE_WHEEL':
      return {
        title: 'A package would write files outside its folder',
        action:
          'One of its files is named with ../ or an absolute path, so Quire refused to install it. Nothing from it was installed; tell the package’s author.',
      }
    case 'HASH_MISMATCH':
      return {
        title: 'A package does not match the hash the repository pinned',
        action:
          'The requirements file pins a --hash that the package index’s file does not have. Tell the repository’s author to update the hashes.',
      }
    case 'KERNEL_START_FAILED':
      return {
        title: 'Python could not start',
        action:
          'The details below say which step failed and what the browser refused. Reload the page; if it fails again, open the link in a current Chrome, Firefox or Safari and report the details.',
      }
    case 'KERNEL_DEAD':
      return {
        title: 'Python stopped unexpectedly',
        action: 'Restart the kernel from the toolbar; your edits are kept.',
      }
    case 'STORAGE_FAILED':
      return {
        title: 'The browser’s storage is unavailable',
        action: 'Private windows and full disks block storage. Free some space or use a normal window.',
      }
    case 'STORAGE_FULL':
      return {
        title: 'This browser’s storage for Quire is full',
        action:
          'There is not enough room left for what this needs. Open the Storage page (/storage) and delete repositories you no longer need; your edits are kept until you delete them there.',
      }
    case 'EDIT_CONFLICT':
      return {
        title: 'This file was changed in another tab',
        action:
          'Your changes are still on screen. Reload this tab to see the other version; the one it replaced stays in History.',
      }
    case 'STORAGE_BLOCKED':
      return {
        title: 'Another Quire tab is holding its storage open',
        action:
          'A tab opened before Quire was updated still uses the older storage layout. Reload or close the other Quire tabs, then reload this one; nothing in them is lost.',
      }
    case 'HOST_UNREACHABLE':
      return {
        title: 'A server Quire needs could not be reached',
        action:
          'Quire names the server below and what it wanted from it. Networks such as a school’s often block a host: ask for it to be allowed, or point the named setting in config.json at a mirror or a class pack (npx quire pack), then retry. The network check tests every server Quire uses at once.',
      }
    case 'HUB_UNREACHABLE':
      return {
        title: 'The BinderHub could not be followed from here',
        action: 'Quire will open the hub’s own launch page instead; it shows the build there.',
      }
    case 'HUB_BUILD_FAILED':
      return {
        title: 'The BinderHub could not build this repository',
        action:
          'Read the build log below for the cause; the repository’s author may need to fix its environment files.',
      }
    case 'INTERNAL':
      return {
        title: 'Something went wrong inside Quire',
        action: 'Reload the page. If it happens again, please report it with the details below.',
      }
    default:
      return assertNever(code)
  }
}
