// Inside the kernel worker: what the isolation frame handed over before importing the kernel
// module (frame-main.ts's BOOTSTRAP puts it on a global). Read once and removed.
import type { SharedBuffers } from '../protocol'

export interface Handoff {
  kernelPort: MessagePort
  fetchPort: MessagePort
  shared?: SharedBuffers
}

export function takeHandoff(scope: object): Handoff | undefined {
  const data: unknown = Reflect.get(scope, 'quireHandoff')
  Reflect.deleteProperty(scope, 'quireHandoff')
  if (typeof data !== 'object' || data === null) return undefined
  const kernelPort: unknown = Reflect.get(data, 'kernelPort')
  const fetchPort: unknown = Reflect.get(data, 'fetchPort')
  const shared: unknown = Reflect.get(data, 'shared')
  if (!(kernelPort instanceof MessagePort) || !(fetchPort instanceof MessagePort)) return undefined
  return { kernelPort, fetchPort, shared: isShared(shared) ? shared : undefined }
}

function isShared(v: unknown): v is SharedBuffers {
  return (
    typeof SharedArrayBuffer !== 'undefined' &&
    typeof v === 'object' &&
    v !== null &&
    Reflect.get(v, 'interrupt') instanceof SharedArrayBuffer &&
    Reflect.get(v, 'stdin') instanceof SharedArrayBuffer
  )
}
