import { describe, expect, it } from 'vitest'
import { appPath, routePath, siteRoot } from './base'

describe('base path helpers', () => {
  it('are the identity at the root', () => {
    expect(appPath('/v2/demo/quire-demo', '/')).toBe('/v2/demo/quire-demo')
    expect(routePath('/v2/gh/a/b/main', '/')).toBe('/v2/gh/a/b/main')
    expect(siteRoot('https://q.test', '/')).toBe('https://q.test')
  })

  it('prefix and strip a project-site base', () => {
    expect(appPath('/v2/demo/quire-demo', '/quire/')).toBe('/quire/v2/demo/quire-demo')
    expect(appPath('badge_logo.svg', '/quire/')).toBe('/quire/badge_logo.svg')
    expect(routePath('/quire/v2/gh/a/b/main', '/quire/')).toBe('/v2/gh/a/b/main')
    expect(routePath('/quire', '/quire/')).toBe('/')
    expect(routePath('/quire/', '/quire/')).toBe('/')
    expect(routePath('/other/v2/x', '/quire/')).toBeNull()
    expect(siteRoot('https://u.github.io', '/quire/')).toBe('https://u.github.io/quire')
  })
})
