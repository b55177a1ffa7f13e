// The site's base path: '/' normally, '/<repo>/' for a GitHub Pages project site. Set at build
// time with QUIRE_BASE (Vite's `base`); every in-app link and route goes through these helpers.
export const BASE: string = import.meta.env.BASE_URL ?? '/'

/** An absolute path under the base: appPath('/v2/x') → '/quire/v2/x' when the base is '/quire/'. */
export function appPath(path: string, base = BASE): string {
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`)
}

/** The path the app routes on, with the base removed; null when the page is outside the base. */
export function routePath(pathname: string, base = BASE): string | null {
  const b = base.replace(/\/+$/, '')
  if (!b) return pathname
  if (pathname === b) return '/'
  return pathname.startsWith(`${b}/`) ? pathname.slice(b.length) : null
}

/** `https://host/base` without the trailing slash: where the site's own files live. */
export function siteRoot(origin: string = location.origin, base = BASE): string {
  return origin + base.replace(/\/+$/, '')
}
