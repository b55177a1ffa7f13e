import { describe, expect, it } from 'vitest'
import { evaluateMarker, MarkerSyntaxError, parseMarker } from './markers'

describe('evaluateMarker for Pyodide', () => {
  it.each([
    ['python_version < "3.8"', false],
    ['python_version >= "3.8"', true],
    ['python_version >= "3.10"', true], // version order, not string order
    ['python_version == "3.14"', true],
    ['python_full_version >= "3.14.1"', true],
    ['python_full_version < "3.14.0rc1"', false],
    ['sys_platform == "emscripten"', true],
    ['sys_platform == "win32"', false],
    ['sys_platform != "win32" and sys_platform != "darwin"', true],
    ['platform_system == "Emscripten"', true],
    ['platform_system == "Windows" or platform_system == "Linux"', false],
    ['os_name == "nt"', false],
    ['platform_machine == "wasm32"', true],
    ['platform_machine in "x86_64 aarch64"', false],
    ['platform_machine not in "x86_64 aarch64"', true],
    ['"wasm" in platform_machine', true],
    ['implementation_name == "cpython"', true],
    ['platform_python_implementation == "PyPy"', false],
    ["platform_python_implementation=='CPython' and python_version<'3.15'", true],
    ['(python_version < "3.8" or sys_platform == "emscripten") and os_name == "posix"', true],
    ['python_version < "3.8" or (sys_platform == "win32" and os_name == "nt")', false],
    ['python_version < "3.8" or sys_platform == "win32" and os_name == "nt" or extra == ""', true],
    ['"3.9" <= python_version', true],
    ['python_version ~= "3.10"', true],
    ['python_version != "3.14.*"', false],
    ['python_version === "3.14"', true],
    ['sys.platform == "emscripten"', true], // PEP 345 spelling pip still accepts
  ])('%s → %s', (marker, expected) => {
    expect(evaluateMarker(marker)).toBe(expected)
  })

  it('compares extras normalised (PEP 685) and only when asked', () => {
    expect(evaluateMarker('extra == "socks"')).toBe(false)
    expect(evaluateMarker('extra == "socks"', { extra: 'socks' })).toBe(true)
    expect(evaluateMarker("extra == 'Test_Utils'", { extra: 'test-utils' })).toBe(true)
    expect(evaluateMarker('python_version >= "3.9" and extra == "all"', { extra: 'all' })).toBe(true)
  })

  it('lets other environments be described for tests and tools', () => {
    expect(evaluateMarker('python_version < "3.8"', { python_version: '3.6' })).toBe(true)
  })

  it.each([
    'python_version <',
    'python_version < "3.8" and',
    '(python_version < "3.8"',
    'python_version << "3.8"',
    'pyhton_version < "3.8"',
    'python_version "3.8"',
    'python_version < "3.8")',
    "python_version < '3.8",
  ])('rejects %s', (marker) => {
    expect(() => parseMarker(marker)).toThrow(MarkerSyntaxError)
  })
})
