import { KernelMessage } from '@jupyterlab/services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureWebrRepo, type WebrRepoServer } from '../../e2e/servers/webr-repo'
import { RKernel } from './RKernel'
import { createTestRuntime } from './testing'

let repo: WebrRepoServer
beforeAll(async () => {
  repo = await startFixtureWebrRepo()
}, 60_000)
afterAll(() => repo.stop())

describe('RKernel packages', () => {
  it('install.packages() installs from the webR repository it was given, whatever repos the cell names', async () => {
    const sent: KernelMessage.IMessage[] = []
    const kernel = new RKernel({
      id: 'r2',
      name: 'ir',
      location: '',
      sendMessage: (m) => sent.push(m),
      createRuntime: () => createTestRuntime(repo.url),
      init: { cwd: '/home/web_user/pkgs', files: [] },
    })
    await kernel.ready
    const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
      channel: 'shell',
      session: 's',
      msgType: 'execute_request',
      content: {
        code: 'install.packages("greetr", repos = "https://cloud.r-project.org")\nlibrary(greetr)\ngreet("Ada")',
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
    })
    await kernel.handleMessage(msg)
    const out = sent
      .filter((m) => m.parent_header.msg_id === msg.header.msg_id)
      .map((m) => [m.header.msg_type, m.content] as const)
    expect(out).toContainEqual(['stream', { name: 'stderr', text: 'Downloading webR package: greetr\n' }])
    expect(out.find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] "Hello, Ada, from greetr 0.2.0!"' },
    })
    expect(repo.requests).toContain('/bin/emscripten/contrib/4.6/greetr_0.2.0.tgz')
    kernel.dispose()
  })

  it('installs the binaries the launch resolved before the first cell, with no repository to ask', async () => {
    const tgz = async (filename: string) => ({
      name: filename.split('_')[0],
      filename,
      data: new Uint8Array(await (await fetch(`${repo.url}/bin/emscripten/contrib/4.6/${filename}`)).arrayBuffer()),
    })
    const packages = [await tgz('greetr_0.2.0.tgz'), await tgz('shoutr_1.0.1.tgz')]
    const sent: KernelMessage.IMessage[] = []
    // The default test runtime's repository answers nothing: any install from it would fail.
    const kernel = new RKernel({
      id: 'r3',
      name: 'ir',
      location: '',
      sendMessage: (m) => sent.push(m),
      createRuntime: () => createTestRuntime(),
      init: { cwd: '/home/web_user/pre', files: [], packages },
    })
    await kernel.ready
    expect(kernel.startError).toBeUndefined()
    const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
      channel: 'shell',
      session: 's',
      msgType: 'execute_request',
      content: {
        code: 'install.packages("shoutr")\nlibrary(shoutr)\nshout("offline")',
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
    })
    await kernel.handleMessage(msg)
    const out = sent
      .filter((m) => m.parent_header.msg_id === msg.header.msg_id)
      .map((m) => [m.header.msg_type, m.content] as const)
    // install.packages() finds it installed and downloads nothing, as webr::install does.
    expect(out.filter(([t]) => t === 'stream')).toEqual([])
    expect(out.find(([t]) => t === 'execute_result')?.[1]).toMatchObject({
      data: { 'text/plain': '[1] "HELLO, OFFLINE, FROM GREETR 0.2.0!"' },
    })
    kernel.dispose()
  })

  it('refuses a package file name that could leave its folder', async () => {
    const kernel = new RKernel({
      id: 'r4',
      name: 'ir',
      location: '',
      sendMessage: () => {},
      createRuntime: () => createTestRuntime(),
      init: {
        cwd: '/home/web_user/bad',
        files: [],
        packages: [{ name: 'x', filename: '../x.tgz', data: new Uint8Array() }],
      },
    })
    await kernel.ready
    expect(kernel.startError).toMatchObject({
      code: 'KERNEL_START_FAILED',
      message: 'unsafe R package file name: ../x.tgz',
    })
    kernel.dispose()
  })
})
