// A repository's file names come from a server Quire does not control. Git itself cannot store
// `..` or absolute names, so one that arrives is crafted: refuse the whole repository before any
// of its files is written to the kernel's file system or shown (issue 10, zip-slip for repositories).
import { unsafeEntryReason } from '../resolve'
import { AppError } from '../shared/errors'

export function assertSafeRepoPaths(paths: string[]): void {
  for (const path of paths) {
    const reason = unsafeEntryReason(path)
    if (reason) throw new AppError('UNSAFE_PATH', `repository file ${JSON.stringify(path)} ${reason}`, { path, reason })
  }
}
