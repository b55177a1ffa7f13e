// The runner's R source, bundled with Vite's `?raw` so the kernel needs no extra request.
import runner from './runner.R?raw'

export const runnerSource: string = runner
