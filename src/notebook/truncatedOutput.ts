// The notice left where a cell's stream output was cut (kernels/python/outputLimit.ts): how much
// was printed, and buttons to open or save all of it. Built with DOM calls and textContent only;
// the counts come from the page's own kept copy, which grows while the cell runs. The page keeps
// such copies within one budget (kernels/python/keptOutputs.ts): once a newer output has taken
// this one's room, the notice says so instead of offering an empty file.
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces'
import { Widget } from '@lumino/widgets'
import { keptOutput, TRUNCATED_MIME, wasKeptOutputDropped } from '../../kernels/python/outputLimit'
import { formatBytes } from '../shared/bytes'

const DROPPED =
  'Output cut to keep the page responsive. Its full text is no longer kept: newer cut outputs needed the memory. Run the cell again to see it all.'

class TruncatedOutput extends Widget implements IRenderMime.IRenderer {
  private timer: ReturnType<typeof setInterval> | undefined

  constructor() {
    super()
    this.addClass('q-truncated-output')
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const value = model.data[TRUNCATED_MIME]
    const id =
      typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : ''
    const text = document.createElement('span')
    this.node.replaceChildren(text)
    const kept = keptOutput(id)
    if (!kept) {
      text.textContent = wasKeptOutputDropped(id)
        ? DROPPED
        : 'Output was cut here. The full output was kept only while the page that ran the cell was open; run the cell again to see it.'
      return
    }
    const blob = () => new Blob(kept.chunks, { type: 'text/plain;charset=utf-8' })
    const buttons: HTMLButtonElement[] = []
    const button = (label: string, onClick: () => void) => {
      const b = document.createElement('button')
      b.type = 'button'
      b.textContent = label
      // Checked at the click too: the text may have been dropped since the last redraw.
      b.addEventListener('click', () => (kept.isDropped ? say() : onClick()))
      this.node.append(' ', b)
      buttons.push(b)
    }
    button('Open all', () => {
      const url = URL.createObjectURL(blob())
      window.open(url, '_blank', 'noopener')
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
    })
    button('Save all', () => {
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob())
      a.download = 'output.txt'
      a.click()
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000)
    })
    const say = () => {
      if (kept.isDropped) {
        text.textContent = DROPPED
        for (const b of buttons) b.remove()
        clearInterval(this.timer)
        return
      }
      text.textContent = `Output cut to keep the page responsive: ${formatBytes(kept.totalBytes)} printed${kept.isClipped ? `, the first ${formatBytes(kept.keptBytes)} kept` : ''}.`
    }
    say()
    clearInterval(this.timer)
    this.timer = setInterval(say, 1000)
  }

  override dispose(): void {
    clearInterval(this.timer)
    super.dispose()
  }
}

export const truncatedOutputRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [TRUNCATED_MIME],
  defaultRank: 10,
  createRenderer: () => new TruncatedOutput(),
}
