// Reply contents and small message helpers of PyodideKernel.
import type { KernelMessage } from '@jupyterlab/services'
import { AppError, type ErrorCode } from '../../src/shared/errors'
import type { InitResult } from './protocol'

/** What a user reads when a cell could only be stopped by restarting Python. */
export const RESTARTED_ON_INTERRUPT = 'KeyboardInterrupt: the kernel was restarted to stop this cell, and its variables are lost. ' +
  'This page is not cross-origin isolated, so a running cell cannot be interrupted in place.\n'

export function isCommInfoRequest(msg: KernelMessage.IMessage): msg is KernelMessage.ICommInfoRequestMsg {
  return msg.header.msg_type === 'comm_info_request'
}

export function toAppError(err: unknown, code: ErrorCode): AppError {
  return err instanceof AppError ? err : new AppError(code, err instanceof Error ? err.message : String(err))
}

/** Used only when start-up failed before Python could tell us its version. */
const FALLBACK_PYTHON_VERSION = '3.14'
const IMPLEMENTATION_VERSION = '0.1.0'

export function kernelInfo(info: InitResult | undefined): KernelMessage.IInfoReplyMsg['content'] {
  const python = info?.pythonVersion ?? FALLBACK_PYTHON_VERSION
  const pyodide = info ? ` on Pyodide ${info.pyodideVersion}` : ''
  return {
    status: 'ok',
    protocol_version: '5.3',
    implementation: 'quire-pyodide',
    implementation_version: IMPLEMENTATION_VERSION,
    language_info: {
      name: 'python',
      version: python,
      mimetype: 'text/x-python',
      file_extension: '.py',
      codemirror_mode: { name: 'ipython', version: 3 },
      pygments_lexer: 'ipython3',
      nbconvert_exporter: 'python',
    },
    banner: `Quire: Python ${python}${pyodide}, running in your browser`,
    help_links: [
      { text: 'Python Reference', url: 'https://docs.python.org/3/' },
      { text: 'Pyodide', url: 'https://pyodide.org/' },
    ],
  }
}
