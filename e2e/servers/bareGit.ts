import { spawn } from 'node:child_process'

/**
 * `git --git-dir <gitDir> <args…>`'s output, or null when git fails: how the GitHub, gist, GitLab and
 * jsDelivr stand-ins read a bare repository, with no user or system git config in the way.
 */
export function bareGit(args: string[], gitDir: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = spawn('git', ['--git-dir', gitDir, ...args], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    })
    const out: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.on('error', () => resolve(null))
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out) : null))
  })
}
