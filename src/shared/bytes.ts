// Byte helpers every layer uses: one way to show a size, one way to compare contents.

/** A size for people: "512 B", "4.4 kB", "8.1 MB" (binary units, one decimal above bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} kB`
  return `${(n / (1 << 20)).toFixed(1)} MB`
}

/** Whether two byte arrays hold the same contents. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}
