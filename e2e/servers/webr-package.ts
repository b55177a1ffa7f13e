// Builds a webR binary package (the .tgz of an installed package) from a pure-R source folder,
// with webR itself in Node: R CMD INSTALL needs a shell, which webR lacks, so the installed layout
// (DESCRIPTION with Built:, Meta/*.rds, the code in R/<pkg>) is made by R's own tools:::
// helpers, the way R CMD INSTALL makes it for a package without compiled code or lazy loading.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebR } from 'webr'

export interface BuiltRPackage {
  name: string
  version: string
  /** The source DESCRIPTION's fields that PACKAGES repeats (Depends, Imports, …). */
  fields: Record<string, string>
  tgz: Uint8Array
  /** e.g. '4.6': the contrib folder webR looks in (`bin/emscripten/contrib/<R major.minor>`). */
  rMinor: string
}

const BUILD = `
local({
  src <- "/quire-src"
  d <- read.dcf(file.path(src, "DESCRIPTION"))
  pkg <- d[1, "Package"]
  root <- file.path(tempdir(), "quire-build")
  inst <- file.path(root, pkg)
  unlink(root, recursive = TRUE)
  dir.create(file.path(inst, "R"), recursive = TRUE)
  file.copy(file.path(src, "NAMESPACE"), inst)
  code <- unlist(lapply(sort(list.files(file.path(src, "R"), full.names = TRUE)), readLines))
  writeLines(code, file.path(inst, "R", pkg))
  tools:::.install_package_description(src, inst)
  tools:::.install_package_namespace_info(inst, inst)
  old <- setwd(root)
  on.exit(setwd(old))
  utils::tar("/quire-out.tgz", pkg, compression = "gzip", tar = "internal")
})
`

const webrDist = fileURLToPath(new URL('../../node_modules/webr/dist/', import.meta.url))

/** One webR for every package a test server builds; closed by `close()`. */
export function createRPackageBuilder(): { build(dir: string): Promise<BuiltRPackage>; close(): void } {
  let webR: Promise<WebR> | undefined
  const start = async () => {
    const r = new WebR({ baseUrl: webrDist, interactive: false })
    await r.init()
    return r
  }
  return {
    async build(dir) {
      const r = await (webR ??= start())
      await r.evalRVoid('unlink("/quire-src", recursive = TRUE)')
      for (const d of ['/quire-src', '/quire-src/R']) await r.FS.mkdir(d)
      await r.FS.writeFile('/quire-src/DESCRIPTION', readFileSync(join(dir, 'DESCRIPTION')))
      await r.FS.writeFile('/quire-src/NAMESPACE', readFileSync(join(dir, 'NAMESPACE')))
      for (const f of readdirSync(join(dir, 'R')))
        await r.FS.writeFile(`/quire-src/R/${f}`, readFileSync(join(dir, 'R', f)))
      await r.evalRVoid(BUILD)
      const fields = readDcf(readFileSync(join(dir, 'DESCRIPTION'), 'utf8'))
      const rMinor = await r.evalRString('sub("\\\\.[^.]+$", "", as.character(getRversion()))')
      return {
        name: fields.Package,
        version: fields.Version,
        fields,
        tgz: await r.FS.readFile('/quire-out.tgz'),
        rMinor,
      }
    },
    close() {
      void webR?.then((r) => r.close())
    },
  }
}

/** Debian control format, enough for DESCRIPTION: continuation lines join their field. */
export function readDcf(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  let key = ''
  for (const line of text.split(/\r?\n/)) {
    if (/^\s/.test(line) && key) out[key] += ` ${line.trim()}`
    else {
      const m = /^([^:\s]+):\s*(.*)$/.exec(line)
      if (m) out[(key = m[1])] = m[2].trim()
    }
  }
  return out
}
