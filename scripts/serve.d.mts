import type { Server } from 'node:http'
export function startStaticServer(o: {
  root: string
  port?: number
  host?: string
  sitePath?: string
  pages?: boolean
}): Promise<Server>
export function embedderPolicy(userAgent?: string): 'credentialless' | 'require-corp'
export function isAppRoute(path: string): boolean
