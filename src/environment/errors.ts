// Errors raised while reading a repository's environment files.
import { AppError } from '../shared/errors'

/** repo2docker refuses a repository with both `binder/` and `.binder/`; so do we. */
export class ConflictingBinderDirsError extends AppError {
  constructor() {
    super('CONFLICTING_BINDER_DIRS', "the repository has both a 'binder/' and a '.binder/' folder; keep only one", {
      dirs: ['binder', '.binder'],
    })
    this.name = 'ConflictingBinderDirsError'
  }
}
