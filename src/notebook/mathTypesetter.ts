// LaTeX in markdown cells and text/latex outputs, typeset by JupyterLab's own MathJax typesetter.
// RenderMime calls the typesetter for every markdown cell and HTML output; MathJax (about 1 MiB of
// script plus fonts) is fetched only once something on the page holds math.
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces'

/** TeX delimiters MathJax looks for (JupyterLab's configuration: $, $$, \( \), \[ \], environments). */
const MATH = /\$|\\\(|\\\[|\\begin\{/

/** Whether a rendered node may hold math worth loading MathJax for. */
export function mayHoldMath(text: string): boolean {
  return MATH.test(text)
}

async function loadMathJax(): Promise<IRenderMime.ILatexTypesetter> {
  // base.css holds the CHTML fonts as bundled woff files (no CDN): math works offline.
  const [{ MathJaxTypesetter }] = await Promise.all([
    import('@jupyterlab/mathjax-extension'),
    import('@jupyterlab/mathjax-extension/style/base.css'),
  ])
  return new MathJaxTypesetter()
}

export class LazyMathTypesetter implements IRenderMime.ILatexTypesetter {
  private mathJax: Promise<IRenderMime.ILatexTypesetter> | undefined

  async typeset(node: HTMLElement): Promise<void> {
    if (!mayHoldMath(node.textContent ?? '')) return
    this.mathJax ??= loadMathJax().catch((err: unknown) => {
      // A chunk that failed to load (offline before it was cached) leaves the TeX source shown;
      // the next render tries again.
      this.mathJax = undefined
      throw err
    })
    try {
      await (await this.mathJax).typeset(node)
    } catch (err) {
      console.warn('MathJax could not be loaded; math stays as TeX source', err)
    }
  }
}
