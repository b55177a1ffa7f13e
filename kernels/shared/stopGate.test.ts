import type { KernelMessage } from '@jupyterlab/services'
import { describe, expect, it } from 'vitest'
import { StopGate } from './stopGate'

const header = (date: string): KernelMessage.IHeader => ({
  date,
  msg_id: 'm',
  msg_type: 'execute_request',
  session: 's',
  username: '',
  version: '5.3',
})

describe('StopGate', () => {
  it('blocks a request made before the last Stop, not one made at or after it', () => {
    const gate = new StopGate()
    const t = Date.parse('2026-12-07T10:00:00.500Z')
    expect(gate.blocks(header('2026-12-07T10:00:00.400Z'))).toBe(false)
    gate.stop(t)
    expect(gate.blocks(header('2026-12-07T10:00:00.400Z'))).toBe(true)
    expect(gate.blocks(header('2026-12-07T10:00:00.500Z'))).toBe(false)
    expect(gate.blocks(header('2026-12-07T10:00:01.000Z'))).toBe(false)
  })

  it('lets a request with no readable date run', () => {
    const gate = new StopGate()
    gate.stop()
    expect(gate.blocks(header(''))).toBe(false)
    expect(gate.blocks(undefined)).toBe(false)
  })
})
