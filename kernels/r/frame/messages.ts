// What the page says to the R isolation frame, once, when it starts it (r-frame-main.ts), and what
// the frame hands on to the host worker where webR runs (r-host.ts).

export interface RHostHandoff {
  /** The host worker's module (r-host.ts, one self-contained file), fetched by the page. */
  hostCode: ArrayBuffer
  /** The R runtime's calls, page ⇄ frame (rpc.ts). */
  rpcPort: MessagePort
  /** webR's files, frame → page (kernels/python/frame/fetch-proxy.ts), only under `baseUrl`. */
  fetchPort: MessagePort
  /** Where the page reads webR's runtime (config `webrBaseUrl`), ending in `/`. */
  baseUrl: string
  /** webR's package repository for install.packages() (config `webrRepoUrl`). */
  repoUrl: string
  /** Set by the frame's bootstrap when it runs from a data: URL (WebKit): blob: URLs cannot be used there. */
  dataUrls?: boolean
}

export interface RFrameStart extends RHostHandoff {
  type: 'quire-r-frame-start'
  /** Frame → page: why the host worker failed (its `error` event), as a string. */
  errorPort: MessagePort
}

export const isRFrameStart = (d: unknown): d is RFrameStart =>
  typeof d === 'object' &&
  d !== null &&
  Reflect.get(d, 'type') === 'quire-r-frame-start' &&
  Reflect.get(d, 'hostCode') instanceof ArrayBuffer &&
  Reflect.get(d, 'errorPort') instanceof MessagePort &&
  Reflect.get(d, 'rpcPort') instanceof MessagePort &&
  Reflect.get(d, 'fetchPort') instanceof MessagePort &&
  typeof Reflect.get(d, 'baseUrl') === 'string' &&
  typeof Reflect.get(d, 'repoUrl') === 'string'
