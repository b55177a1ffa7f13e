// What the R kernel needs of webR. The real `WebR` (browser or Node) fits; tests may pass it
// directly, since webR runs in Node from the same npm package.

/** One message from webR's output queue: console text, prompts, canvas frames, … */
export interface RMessage {
  type: string
  data?: unknown
}

export interface RRuntime {
  init(): Promise<unknown>
  /** Next message of the output queue (console lines arrive here as R writes them). */
  read(): Promise<RMessage>
  /** Drains the queue without waiting. */
  flush(): Promise<RMessage[]>
  /** A line typed at R's console prompt. */
  writeConsole(input: string): void
  interrupt(): void
  close(): void
  evalRVoid(code: string): Promise<void>
  evalRString(code: string): Promise<string>
  FS: {
    mkdir(path: string): Promise<unknown>
    writeFile(path: string, data: ArrayBufferView): Promise<void>
    readFile(path: string): Promise<Uint8Array>
    unlink(path: string): Promise<void>
  }
}

/** What the kernel gives R at start: the repository in its working directory. */
export interface RStartOptions {
  /** e.g. /home/web_user/<repo-name>; created, and made R's working directory. */
  cwd: string
  /** Repository files, paths relative to `cwd` (no `..`, no leading `/`). */
  files: Array<{ path: string; data: Uint8Array }>
  /** Package binaries (webR's .tgz, dependencies first) to untar into R's library before any cell,
   *  as the launch resolved and cached them (src/resolve-r): library() then works offline. */
  packages?: Array<{ name: string; filename: string; data: Uint8Array }>
}
