// Base64 for bytes, in chunks: spreading a whole large file into String.fromCharCode overflows
// the call stack. (Uint8Array.toBase64 is not in every browser Quire supports yet.)

export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}
