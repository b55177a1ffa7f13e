// `npm run test:cross`: the cross-browser suite under a virtual display when Xvfb is installed
// (WebKitGTK's MiniBrowser needs one; headless Firefox does not). Without xvfb-run the suite still
// runs, and says that WebKit did not (or fails, under QUIRE_REQUIRE_ENGINES=1).
import { spawnSync } from 'node:child_process'

const suite = ['tsx', '--test', 'e2e/cross/core.cross.ts']
const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0
const [cmd, ...args] = hasXvfb ? ['xvfb-run', '-a', ...suite] : suite
const run = spawnSync(cmd, args, { stdio: 'inherit' })
process.exit(run.status ?? 1)
