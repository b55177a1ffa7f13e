import '@jupyterlab/csvviewer/style/index.js'
import '@jupyterlab/fileeditor/style/index.js'
import '@jupyterlab/imageviewer/style/index.js'
import '@jupyterlab/markdownviewer/style/index.js'
import { Sanitizer } from '@jupyterlab/apputils'
import { CSVViewerFactory, TSVViewerFactory } from '@jupyterlab/csvviewer'
import { Base64ModelFactory, DocumentRegistry } from '@jupyterlab/docregistry'
import { FileEditorFactory } from '@jupyterlab/fileeditor'
import { ImageViewerFactory } from '@jupyterlab/imageviewer'
import { createMarkdownParser } from '@jupyterlab/markedparser-extension'
import { MarkdownViewerFactory } from '@jupyterlab/markdownviewer'
import { NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook } from '@jupyterlab/notebook'
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime'
import { createEditorServices } from './editorServices'
import { isolatedHtmlRendererFactory, isolatedJavascriptRendererFactory } from './isolatedOutput'
import { truncatedOutputRendererFactory } from './truncatedOutput'
import { LazyMathTypesetter } from './mathTypesetter'

/** Which of the registered viewers opens a file, as JupyterLab's default for its type. */
export function widgetNameFor(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? ''
  if (ext === 'ipynb') return 'Notebook'
  if (ext === 'md') return 'Markdown Preview'
  if (ext === 'csv') return 'CSVTable'
  if (ext === 'tsv') return 'TSVTable'
  if (['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp'].includes(ext)) return 'Image'
  return 'Editor'
}

/**
 * The document registry of JupyterLab's application, cut to what a repository needs: the
 * notebook, the text editor, the rendered markdown viewer, the CSV table and the image viewer.
 */
export function createDocRegistry(): DocumentRegistry {
  const editorServices = createEditorServices()
  const rendermime = new RenderMimeRegistry({
    // JupyterLab's renderers, with script-capable HTML and JavaScript moved into a sandboxed frame.
    initialFactories: [
      truncatedOutputRendererFactory, // the notice where long stream output was cut (issue 10)
      isolatedHtmlRendererFactory,
      isolatedJavascriptRendererFactory,
      ...standardRendererFactories.filter(
        (f) => !f.mimeTypes.some((m) => m === 'text/html' || m.endsWith('javascript')),
      ),
    ],
    sanitizer: new Sanitizer(),
    markdownParser: createMarkdownParser(editorServices.languages),
    // Markdown math and text/latex outputs; MathJax loads on the first math it meets.
    latexTypesetter: new LazyMathTypesetter(),
  })
  // Default file types (markdown, python, csv, images, …) come with the registry.
  const registry = new DocumentRegistry({})
  registry.addModelFactory(new NotebookModelFactory({}))
  registry.addModelFactory(new Base64ModelFactory())
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: 'Notebook',
      modelName: 'notebook',
      fileTypes: ['notebook'],
      defaultFor: ['notebook'],
      preferKernel: true,
      canStartKernel: true,
      autoStartDefault: true,
      rendermime,
      contentFactory: new NotebookPanel.ContentFactory({
        editorFactory: editorServices.factoryService.newInlineEditor,
      }),
      mimeTypeService: editorServices.mimeTypeService,
      editorConfig: StaticNotebook.defaultEditorConfig,
      notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: 'none' },
    }),
  )
  registry.addWidgetFactory(
    new FileEditorFactory({ editorServices, factoryOptions: { name: 'Editor', fileTypes: ['*'], defaultFor: ['*'] } }),
  )
  registry.addWidgetFactory(
    new MarkdownViewerFactory({
      name: 'Markdown Preview',
      fileTypes: ['markdown'],
      rendermime,
      primaryFileType: registry.getFileType('markdown'),
    }),
  )
  registry.addWidgetFactory(new CSVViewerFactory({ name: 'CSVTable', fileTypes: ['csv'] }))
  registry.addWidgetFactory(new TSVViewerFactory({ name: 'TSVTable', fileTypes: ['tsv'] }))
  const images = [...registry.fileTypes()]
    .filter((t) => t.mimeTypes.some((m) => m.startsWith('image/')))
    .map((t) => t.name)
  registry.addWidgetFactory(new ImageViewerFactory({ name: 'Image', modelName: 'base64', fileTypes: images }))
  return registry
}
