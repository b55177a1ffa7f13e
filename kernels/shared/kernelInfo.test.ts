import { describe, expect, it } from 'vitest'
import { KERNEL_IMPLEMENTATION_VERSION, kernelInfoReply } from './kernelInfo'

describe('kernelInfoReply', () => {
  const language_info = { name: 'R', version: '4.5.1', mimetype: 'text/x-r-source', file_extension: '.r' }

  it('builds the Jupyter kernel_info reply with the runtime in the banner', () => {
    expect(
      kernelInfoReply({
        implementation: 'quire-webr',
        languageLabel: 'R 4.5.1',
        runtime: 'webR',
        language_info,
        help_links: [],
      }),
    ).toEqual({
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'quire-webr',
      implementation_version: KERNEL_IMPLEMENTATION_VERSION,
      language_info,
      banner: 'Quire: R 4.5.1 on webR, running in your browser',
      help_links: [],
    })
  })

  it('leaves the runtime out of the banner when it is not known', () => {
    expect(
      kernelInfoReply({ implementation: 'x', languageLabel: 'Python 3.14', language_info, help_links: [] }).banner,
    ).toBe('Quire: Python 3.14, running in your browser')
  })
})
