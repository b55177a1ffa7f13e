// @jupyter-widgets/controls' classes, gathered from its modules: its index.js also does
// `require('../package.json')`, which an ES module build cannot run.
import * as audio from '@jupyter-widgets/controls/lib/widget_audio'
import * as bool from '@jupyter-widgets/controls/lib/widget_bool'
import * as box from '@jupyter-widgets/controls/lib/widget_box'
import * as button from '@jupyter-widgets/controls/lib/widget_button'
import * as color from '@jupyter-widgets/controls/lib/widget_color'
import * as controller from '@jupyter-widgets/controls/lib/widget_controller'
import * as date from '@jupyter-widgets/controls/lib/widget_date'
import * as datetime from '@jupyter-widgets/controls/lib/widget_datetime'
import * as description from '@jupyter-widgets/controls/lib/widget_description'
import * as float from '@jupyter-widgets/controls/lib/widget_float'
import * as image from '@jupyter-widgets/controls/lib/widget_image'
import * as int from '@jupyter-widgets/controls/lib/widget_int'
import * as link from '@jupyter-widgets/controls/lib/widget_link'
import * as selection from '@jupyter-widgets/controls/lib/widget_selection'
import * as selectioncontainer from '@jupyter-widgets/controls/lib/widget_selectioncontainer'
import * as string from '@jupyter-widgets/controls/lib/widget_string'
import * as tagsinput from '@jupyter-widgets/controls/lib/widget_tagsinput'
import * as time from '@jupyter-widgets/controls/lib/widget_time'
import * as upload from '@jupyter-widgets/controls/lib/widget_upload'
import * as video from '@jupyter-widgets/controls/lib/widget_video'
import { WidgetModel, WidgetView, type ExportMap } from '@jupyter-widgets/base'
import type { ISanitizer } from '@jupyterlab/apputils'

export { JUPYTER_CONTROLS_VERSION } from '@jupyter-widgets/controls/lib/version'

/**
 * The controls module as the widget manager loads it, except that HTML and HTMLMath widgets
 * sanitise their value: views run in the app's own page (issue 10), so a stranger's notebook
 * must not get script into it through `<img onerror=…>` the way raw `innerHTML` would allow.
 */
export function controlsModule(sanitizer: ISanitizer): ExportMap {
  class HTMLView extends string.HTMLView {
    override update(): void {
      this.content.innerHTML = sanitizer.sanitize(String(this.model.get('value') ?? ''))
      string.StringView.prototype.update.call(this)
    }
  }
  class HTMLMathView extends string.HTMLMathView {
    override update(): void {
      this.content.innerHTML = sanitizer.sanitize(String(this.model.get('value') ?? ''))
      this.typeset(this.content)
      string.StringView.prototype.update.call(this)
    }
  }
  const all: Record<string, unknown> = {
    ...audio,
    ...bool,
    ...box,
    ...button,
    ...color,
    ...controller,
    ...date,
    ...datetime,
    ...description,
    ...float,
    ...image,
    ...int,
    ...link,
    ...selection,
    ...selectioncontainer,
    ...string,
    ...tagsinput,
    ...time,
    ...upload,
    ...video,
    HTMLView,
    HTMLMathView,
  }
  // The modules also export helpers (serialisers); the manager looks up only model and view classes.
  const classes: ExportMap = {}
  for (const [name, value] of Object.entries(all)) if (isWidgetClass(value)) classes[name] = value
  return classes
}

function isWidgetClass(value: unknown): value is typeof WidgetModel | typeof WidgetView {
  return (
    typeof value === 'function' && (value.prototype instanceof WidgetModel || value.prototype instanceof WidgetView)
  )
}
