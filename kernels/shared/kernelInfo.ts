// The kernel_info reply both in-browser kernels give (Python on Pyodide, R on webR): one shape,
// so the protocol version and the banner's wording cannot drift apart between them.
import type { KernelMessage } from '@jupyterlab/services'

// The ok form, so callers (and tests) read its fields without narrowing; it is a valid reply content.
type InfoReply = KernelMessage.IInfoReply & { status: 'ok' }

/** Quire's kernels are versioned with Quire's kernel protocol code, not per language. */
export const KERNEL_IMPLEMENTATION_VERSION = '0.1.0'
/** The Jupyter messaging protocol our replies follow (BaseKernel speaks 5.3). */
export const KERNEL_PROTOCOL_VERSION = '5.3'

export interface KernelInfoParts {
  /** e.g. 'quire-pyodide', 'quire-webr'. */
  implementation: string
  /** Language and version, e.g. 'Python 3.14.2'. */
  languageLabel: string
  /** What runs the language, e.g. 'Pyodide 314.0.7' or 'webR'; omitted when not yet known. */
  runtime?: string
  language_info: KernelMessage.ILanguageInfo
  help_links: Array<{ text: string; url: string }>
}

export function kernelInfoReply(p: KernelInfoParts): InfoReply {
  return {
    status: 'ok',
    protocol_version: KERNEL_PROTOCOL_VERSION,
    implementation: p.implementation,
    implementation_version: KERNEL_IMPLEMENTATION_VERSION,
    language_info: p.language_info,
    banner: `Quire: ${p.languageLabel}${p.runtime ? ` on ${p.runtime}` : ''}, running in your browser`,
    help_links: p.help_links,
  }
}
