/** Markup that can run code or reach outside its box when rendered as trusted HTML. */
const ACTIVE = /<\s*(script|iframe|object|embed|link|meta|base|form|style)\b|\son[a-z]+\s*=|javascript:/i

/** True when trusted HTML must render in the sandboxed frame rather than inline (SECURITY.md). */
export function isActiveHtml(html: string): boolean {
  return ACTIVE.test(html)
}
