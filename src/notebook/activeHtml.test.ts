import { describe, expect, it } from 'vitest'
import { isActiveHtml } from './activeHtml'

describe('isActiveHtml', () => {
  it.each([
    '<script>alert(1)</script>',
    '<SCRIPT src=x></SCRIPT>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://x"></iframe>',
    '<style>body{display:none}</style>',
    '<link rel=stylesheet href=x>',
    '<form action=x><input></form>',
    '<div onclick = "x()">',
  ])('sends %s to the sandboxed frame', (html) => expect(isActiveHtml(html)).toBe(true))

  it.each([
    '<table><tr><td>1</td></tr></table>',
    '<b>bold</b> <i>text</i>',
    '<p>description: a script-free paragraph</p>',
    '<img src="data:image/png;base64,AAAA">',
  ])('keeps %s inline', (html) => expect(isActiveHtml(html)).toBe(false))
})
