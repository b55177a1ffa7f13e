// The repository R starts with: empty folders the user made (`dir/` entries) exist in R's working
// directory, and paths that would leave it are refused (src/shared/safePath.ts).
import { KernelMessage } from '@jupyterlab/services'
import { describe, expect, it } from 'vitest'
import { RKernel } from './RKernel'
import type { RStartOptions } from './runtime'
import { createTestRuntime } from './testing'

const enc = (s: string) => new TextEncoder().encode(s)

async function startKernel(init: RStartOptions) {
  const sent: KernelMessage.IMessage[] = []
  const kernel = new RKernel({
    id: 'rf',
    name: 'ir',
    location: '',
    sendMessage: (m) => sent.push(m),
    createRuntime: createTestRuntime,
    init,
  })
  await kernel.ready
  const run = async (code: string) => {
    const msg = KernelMessage.createMessage<KernelMessage.IExecuteRequestMsg>({
      channel: 'shell',
      session: 's',
      msgType: 'execute_request',
      content: {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
    })
    await kernel.handleMessage(msg)
    return sent
      .filter((m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === 'execute_result')
      .map((m) => (m.content as { data: Record<string, string> }).data['text/plain'])
  }
  return { kernel, run }
}

describe('RSession writes the repository', () => {
  it('makes the empty folders the user made, beside the files', async () => {
    const { kernel, run } = await startKernel({
      cwd: '/home/web_user/folders',
      files: [
        { path: 'data/a.csv', data: enc('x\n1\n') },
        { path: 'plots/', data: new Uint8Array() },
        { path: 'out/2024/', data: new Uint8Array() },
      ],
    })
    try {
      expect(kernel.startError).toBeUndefined()
      expect(await run('paste(sort(list.dirs(".", recursive = TRUE)), collapse = ",")')).toEqual([
        '[1] ".,./data,./out,./out/2024,./plots"',
      ])
      expect(await run('list.files("data")')).toEqual(['[1] "a.csv"'])
    } finally {
      kernel.dispose()
    }
  }, 120_000)

  it('refuses an absolute path with the reason', async () => {
    const { kernel } = await startKernel({ cwd: '/home/web_user/evil', files: [{ path: '/etc/x', data: enc('') }] })
    expect(kernel.startError).toMatchObject({
      code: 'KERNEL_START_FAILED',
      message: expect.stringContaining('is an absolute path'),
    })
    kernel.dispose()
  }, 120_000)
})
