import { describe, expect, it } from 'vitest'
import { issueUrl } from './issueLinks'

const hosts = { githubUrl: 'https://github.com', gitlabUrl: 'https://gitlab.com' }
const report = {
  code: 'BAD_REQUIREMENT',
  message: 'requirements.txt:2: <script>x</script> & more',
  phase: 'reading-config',
  quireVersion: '0.1.0',
  link: 'https://quire.test/v2/gh/o/r/abc',
}

describe('issueUrl', () => {
  it('prefills a GitHub issue with the code, message, version and link, as query text', () => {
    const u = new URL(issueUrl({ provider: 'gh', repo: 'o/r' }, hosts, report)!)
    expect(u.origin + u.pathname).toBe('https://github.com/o/r/issues/new')
    expect(u.searchParams.get('title')).toBe('Launching in the browser fails: BAD_REQUIREMENT')
    const body = u.searchParams.get('body')!
    expect(body).toContain('- Link: https://quire.test/v2/gh/o/r/abc')
    expect(body).toContain('- Error: BAD_REQUIREMENT (while reading-config)')
    expect(body).toContain('- Quire version: 0.1.0')
    expect(body).toContain('<script>x</script> & more')
  })

  it("uses GitLab's issue form fields", () => {
    const u = new URL(issueUrl({ provider: 'gl', repo: 'group/sub/p' }, hosts, report)!)
    expect(u.pathname).toBe('/group/sub/p/-/issues/new')
    expect(u.searchParams.get('issue[title]')).toContain('BAD_REQUIREMENT')
    expect(u.searchParams.get('issue[description]')).toContain('Quire version')
  })

  it('offers nothing for providers without issues, and keeps long messages short', () => {
    expect(issueUrl({ provider: 'git', repo: 'https://g.test/r.git' }, hosts, report)).toBeNull()
    expect(issueUrl({ provider: 'gist', repo: 'u/1' }, hosts, report)).toBeNull()
    const long = issueUrl({ provider: 'gh', repo: 'o/r' }, hosts, { ...report, message: 'x'.repeat(10_000) })!
    expect(long.length).toBeLessThan(3000)
  })
})
