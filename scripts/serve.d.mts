import type { Server } from 'node:http'
export function startStaticServer(o: { root: string; port?: number; host?: string }): Promise<Server>
