import type { IYText } from '@jupyter/ydoc'
import type { IEditorServices } from '@jupyterlab/codeeditor'
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry,
  ybinding,
} from '@jupyterlab/codemirror'

/**
 * CodeMirror 6 as JupyterLab's codemirror-extension plugin sets it up: default languages,
 * extensions and themes, plus the Yjs binding that keeps each editor and its cell model in step
 * (without it typing never reaches the notebook model).
 */
export function createEditorServices(): IEditorServices & { languages: EditorLanguageRegistry } {
  const languages = new EditorLanguageRegistry()
  for (const lang of EditorLanguageRegistry.getDefaultLanguages()) languages.addLanguage(lang)
  const themes = new EditorThemeRegistry()
  for (const theme of EditorThemeRegistry.getDefaultThemes()) themes.addTheme(theme)
  const extensions = new EditorExtensionRegistry()
  for (const ext of EditorExtensionRegistry.getDefaultExtensions({ themes })) extensions.addExtension(ext)
  extensions.addExtension({
    name: 'binding',
    factory: ({ model }) => {
      const shared = model.sharedModel as IYText
      return EditorExtensionRegistry.createImmutableExtension(
        ybinding({ ytext: shared.ysource, undoManager: shared.undoManager ?? undefined }),
      )
    },
  })
  const factoryService = new CodeMirrorEditorFactory({ extensions, languages })
  return { factoryService, mimeTypeService: new CodeMirrorMimeTypeService(languages), languages }
}
