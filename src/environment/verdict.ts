// The browser-or-hub verdict and the reasons behind it, per file and per package.

/** 'hub' stops the launch; 'warning' launches but tells the user; 'note' is for the record only. */
export type ReasonLevel = 'hub' | 'warning' | 'note'

export interface Reason {
  level: ReasonLevel
  text: string
  file?: string // repository-relative path the reason is about
  pkg?: string // package name the reason is about
}

export type VerdictKind = 'browser' | 'browser-with-warnings' | 'hub'

export interface Verdict {
  kind: VerdictKind
  reasons: Reason[]
}

/** Any hub reason makes it hub; else any warning makes it browser-with-warnings. */
export function verdictOf(reasons: Reason[]): Verdict {
  const kind: VerdictKind = reasons.some((r) => r.level === 'hub')
    ? 'hub'
    : reasons.some((r) => r.level === 'warning')
      ? 'browser-with-warnings'
      : 'browser'
  return { kind, reasons }
}
