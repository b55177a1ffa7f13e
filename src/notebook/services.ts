import {
  ContentsManager,
  Event,
  KernelManager,
  KernelSpecManager,
  ServerConnection,
  ServiceManager,
  SessionManager,
} from '@jupyterlab/services'
import {
  KernelSpecs,
  LiteKernelClient,
  LiteKernelSpecClient,
  LiteSessionClient,
  type IKernel,
} from '@jupyterlite/services'
import { Stream } from '@lumino/signaling'
import { WebSocket } from 'mock-socket'
import type { Contents } from '@jupyterlab/services'

export interface KernelChoice {
  /** Kernel name notebooks ask for in metadata.kernelspec.name. */
  name: string
  displayName: string
  language: string
  create: (options: IKernel.IOptions) => Promise<IKernel>
}

/** A kernel that can stop its running cell itself (PyodideKernel). */
function canInterrupt(kernel: IKernel | undefined): kernel is IKernel & { interrupt(): Promise<void> } {
  return (
    typeof kernel === 'object' && kernel !== null && 'interrupt' in kernel && typeof kernel.interrupt === 'function'
  )
}

/**
 * LiteKernelClient's interrupt only cancels the cells queued behind the running one; the running
 * cell is stopped by the kernel itself (Pyodide's interrupt buffer, or a restart).
 */
class InterruptingKernelClient extends LiteKernelClient {
  override async interrupt(kernelId: string): Promise<void> {
    const kernel = await this.getModel(kernelId)
    await super.interrupt(kernelId)
    if (canInterrupt(kernel)) await kernel.interrupt()
  }
}

/** The events service polls a Jupyter server; there is none, so it stays silent. */
class NoEvents implements Event.IManager {
  readonly serverSettings: ServerConnection.ISettings
  readonly stream: Event.Stream = new Stream(this)
  isDisposed = false
  constructor(serverSettings: ServerConnection.ISettings) {
    this.serverSettings = serverSettings
  }
  async emit(): Promise<void> {}
  dispose(): void {
    this.isDisposed = true
  }
}

/**
 * JupyterLab's service managers on JupyterLite's in-browser clients (the wiring of
 * @jupyterlite/services-extension): kernels run in this page, sockets are mock-socket's, and no
 * request ever reaches a server — `fetch` answers 404 for any server API left unwired.
 */
export function createServices(
  makeDrive: (settings: ServerConnection.ISettings) => Contents.IDrive,
  kernels: KernelChoice[],
): ServiceManager.IManager {
  const serverSettings = ServerConnection.makeSettings({
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    fetch: async () => new Response(JSON.stringify({ message: 'no Jupyter server in Quire' }), { status: 404 }),
    appendToken: false,
  })
  const drive = makeDrive(serverSettings)
  const kernelSpecs = new KernelSpecs()
  for (const k of kernels)
    kernelSpecs.register({
      spec: { name: k.name, display_name: k.displayName, language: k.language, argv: [], resources: {} },
      create: k.create,
    })
  const kernelAPIClient = new InterruptingKernelClient({ kernelSpecs, serverSettings })
  const kernelSpecAPIClient = new LiteKernelSpecClient({ kernelSpecs, serverSettings })
  const sessionAPIClient = new LiteSessionClient({ kernelClient: kernelAPIClient, serverSettings })
  const kernelManager = new KernelManager({ serverSettings, kernelAPIClient, kernelSpecAPIClient })
  return new ServiceManager({
    serverSettings,
    standby: 'never',
    defaultDrive: drive,
    contents: new ContentsManager({ serverSettings, defaultDrive: drive }),
    kernels: kernelManager,
    kernelspecs: new KernelSpecManager({ serverSettings, kernelSpecAPIClient }),
    sessions: new SessionManager({ serverSettings, kernelManager, sessionAPIClient }),
    events: new NoEvents(serverSettings),
  })
}
