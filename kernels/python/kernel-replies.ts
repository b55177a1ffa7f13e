// Reply contents and small message helpers of PyodideKernel.
import type { KernelMessage } from '@jupyterlab/services'
import { AppError, type ErrorCode } from '../../src/shared/errors'
import { kernelInfoReply } from '../shared/kernelInfo'
import type { InitResult } from './protocol'

/** What a user reads when a cell could only be stopped by restarting Python. */
export const RESTARTED_ON_INTERRUPT =
  'KeyboardInterrupt: the kernel was restarted to stop this cell, and its variables are lost. ' +
  'This browser gives the kernel no shared memory (the page is not cross-origin isolated, or, as in Safari ' +
  "(WebKit), the kernel's sandboxed frame cannot share it), so a running cell cannot be interrupted in place.\n"

export function isCommInfoRequest(msg: KernelMessage.IMessage): msg is KernelMessage.ICommInfoRequestMsg {
  return msg.header.msg_type === 'comm_info_request'
}

export function toAppError(err: unknown, code: ErrorCode): AppError {
  return err instanceof AppError ? err : new AppError(code, err instanceof Error ? err.message : String(err))
}

/** Used only when start-up failed before Python could tell us its version. */
const FALLBACK_PYTHON_VERSION = '3.14'

export function kernelInfo(info: InitResult | undefined): KernelMessage.IInfoReplyMsg['content'] {
  const python = info?.pythonVersion ?? FALLBACK_PYTHON_VERSION
  return kernelInfoReply({
    implementation: 'quire-pyodide',
    languageLabel: `Python ${python}`,
    runtime: info ? `Pyodide ${info.pyodideVersion}` : undefined,
    language_info: {
      name: 'python',
      version: python,
      mimetype: 'text/x-python',
      file_extension: '.py',
      codemirror_mode: { name: 'ipython', version: 3 },
      pygments_lexer: 'ipython3',
      nbconvert_exporter: 'python',
    },
    help_links: [
      { text: 'Python Reference', url: 'https://docs.python.org/3/' },
      { text: 'Pyodide', url: 'https://pyodide.org/' },
    ],
  })
}
