import { KernelMessage } from '@jupyterlab/services'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebrRepoServer, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import { RKernel } from './RKernel'
import { createTestRuntime } from './testing'

let repo: WebrRepoServer
beforeAll(async () => {
  repo = await startWebrRepoServer()
  await repo.addFromDir(fileURLToPath(new URL('../../e2e/fixtures/r-packages/greetr', import.meta.url)))
})
afterAll(() => repo.stop())

describe('RKernel packages', () => {
  it('install.packages() installs from the webR repository it was given, whatever repos the cell names', async () => {
    const sent: KernelMessage.IMessage[] = []
    const kernel = new RKernel({
      id: 'r2', name: 'ir', location: '', sendMessage: (m) => sent.push(m),
      createRuntime: () => createTestRuntime(repo.url), init: { cwd: '/home/web_user/pkgs', files: [] },
    })
    await kernel.ready
    const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
      channel: 'shell', session: 's', msgType: 'execute_request',
      content: {
        code: 'install.packages("greetr", repos = "https://cloud.r-project.org")\nlibrary(greetr)\ngreet("Ada")',
        silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true,
      },
    })
    await kernel.handleMessage(msg)
    const out = sent.filter((m) => m.parent_header.msg_id === msg.header.msg_id).map((m) => [m.header.msg_type, m.content] as const)
    expect(out).toContainEqual(['stream', { name: 'stderr', text: 'Downloading webR package: greetr\n' }])
    expect(out.find(([t]) => t === 'execute_result')?.[1]).toMatchObject({ data: { 'text/plain': '[1] "Hello, Ada, from greetr 0.2.0!"' } })
    expect(repo.requests).toContain('/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz')
    kernel.dispose()
  })
})
