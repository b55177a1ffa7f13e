// Which files webR reads from its base URL. Inside the isolation frame R cannot fetch them itself
// (an opaque origin, no service worker, and its lazy files are read with synchronous requests), so
// the frame gets them all from the page before R starts. webR's own R.js names its file system:
// `createLazyFilesystem` lists every file as loadFile(dir, name, src) or, for a file inside an
// Emscripten image, loadImage(dir, name, 'x.data.gz', mountpoint), whose metadata is 'x.js.metadata'.

/** The runtime itself: the worker script, R, and the libraries R.wasm links at start. */
export const WEBR_CORE_FILES = ['webr-worker.js', 'R.js', 'R.wasm', 'libRblas.so', 'libRlapack.so'] as const

/** Every path under the base URL webR may read, from R.js's text (relative, no duplicates). */
export function webrRuntimeFiles(rJs: string): string[] {
  const files = new Set<string>(WEBR_CORE_FILES)
  for (const m of rJs.matchAll(/\bloadFile\('[^']*','[^']*','([^']+)'\)/g)) files.add(m[1])
  for (const m of rJs.matchAll(/\bloadImage\('[^']*','[^']*','([^']+)','[^']*'\)/g)) {
    files.add(m[1])
    // webR's mountImageUrl reads the image's metadata first, then its data.
    files.add(m[1].replace(/\.data(\.gz)?$/, '.js.metadata'))
  }
  // Only relative paths inside the base folder: R.js is the app's own file, but a check is cheap.
  return [...files].filter((f) => !f.startsWith('/') && !f.split('/').includes('..') && !f.includes(':'))
}
