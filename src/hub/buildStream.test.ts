import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBinderHubServer, type BinderHubServer } from '../../e2e/servers/binderhub-server'
import { AppError } from '../shared/errors'
import { followBuild, readHubEvent, type HubEvent } from './buildStream'
import { hubBuildUrl, hubLaunchUrl, hubServerUrl } from './hubLinks'

let hub: BinderHubServer
beforeAll(async () => {
  hub = await startBinderHubServer({ stepMs: 5 })
})
afterAll(() => hub.stop())

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'no error'
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
}

describe('followBuild against a BinderHub event stream', () => {
  it('streams the phases and resolves with the server URL and token', async () => {
    const seen: HubEvent[] = []
    const url = hubBuildUrl(hub.url, { provider: 'gh', repo: 'owner/good', ref: 'main' })!
    const ready = await followBuild(url, { fetch, onEvent: (e) => seen.push(e) })
    expect(seen.map((e) => e.phase)).toEqual([
      'waiting',
      'fetching',
      'building',
      'building',
      'built',
      'launching',
      'ready',
    ])
    expect(ready).toMatchObject({ phase: 'ready', token: 'test-token-123', url: `${hub.url}/user/test-user/` })
    expect(hub.builds).toContain('gh/owner/good/main')
  })

  it('rejects a failed build with its message', async () => {
    const url = hubBuildUrl(hub.url, { provider: 'gh', repo: 'owner/will-fail', ref: 'main' })!
    expect(await codeOf(followBuild(url, { fetch, onEvent: () => undefined }))).toBe('HUB_BUILD_FAILED')
  })

  it('tells a dropped stream and an unreachable hub apart from a failed build', async () => {
    const dropped = hubBuildUrl(hub.url, { provider: 'gh', repo: 'owner/drop', ref: 'main' })!
    expect(await codeOf(followBuild(dropped, { fetch, onEvent: () => undefined }))).toBe('HUB_UNREACHABLE')
    expect(await codeOf(followBuild('http://127.0.0.1:1/build/gh/a/b/main', { fetch, onEvent: () => undefined }))).toBe(
      'HUB_UNREACHABLE',
    )
    expect(await codeOf(followBuild(`${hub.url}/nothing`, { fetch, onEvent: () => undefined }))).toBe('HUB_UNREACHABLE')
  })

  it('reads odd payloads as plain log lines', () => {
    expect(readHubEvent('not json')).toEqual({ phase: 'unknown', message: 'not json' })
    expect(readHubEvent('{"phase":"galloping","message":1}')).toEqual({
      phase: 'unknown',
      message: '',
      url: undefined,
      token: undefined,
    })
  })
})

describe('hub links', () => {
  it('keep the provider, repository, ref and path in BinderHub escaping', () => {
    expect(
      hubLaunchUrl('https://mybinder.org/', { provider: 'gh', repo: 'a/b', ref: 'main', labpath: 'x/y.ipynb' }),
    ).toBe('https://mybinder.org/v2/gh/a/b/main?labpath=x%2Fy.ipynb')
    expect(hubBuildUrl('https://hub.test', { provider: 'git', repo: 'https://g.test/r.git', ref: 'v1' })).toBe(
      'https://hub.test/build/git/https%3A%2F%2Fg.test%2Fr.git/v1',
    )
    expect(hubBuildUrl('https://hub.test', { provider: 'demo', repo: 'quire-demo', ref: 'HEAD' })).toBeNull()
    expect(hubServerUrl('https://hub.test/user/u/', 'tok', 'a b.ipynb')).toBe(
      'https://hub.test/user/u/lab/tree/a%20b.ipynb?token=tok',
    )
  })
})
