// postBuild is a script run once when a hub builds the image. Commands that only enable or
// install Jupyter extensions change the server's UI, which the browser page replaces; anything
// else (downloads, builds, file moves) is work the browser cannot redo.
import type { Reason } from './verdict'

const EXTENSION_ONLY = [
  /^jupyter[\s-](lab|nb|server)extension(\s|$)/, // jupyter labextension install/enable …
  /^jupyter\s+contrib\s+nbextension\s/,
  /^jupyter\s+lab\s+(build|clean)\b/,
  /^(set|exec)\s+-[a-z]+$/, // shell options, e.g. `set -ex`
]

export function postBuildReason(text: string, file: string): Reason {
  const work: Array<{ line: number; text: string }> = []
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    if (!EXTENSION_ONLY.some((re) => re.test(line))) work.push({ line: i + 1, text: line })
  })
  if (work.length === 0) {
    return {
      level: 'warning',
      file,
      text: `${file} only sets up Jupyter extensions; the browser notebook runs without them.`,
    }
  }
  const first = work[0]
  return {
    level: 'hub',
    file,
    text: `${file} runs setup commands the browser cannot (line ${first.line}: ${first.text}).`,
  }
}
