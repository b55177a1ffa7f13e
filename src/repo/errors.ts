import { AppError } from '../shared/errors'
import { formatBytes } from '../shared/bytes'

export class RepoUnreachableError extends AppError {
  constructor(url: string, detail: string) {
    super('REPO_UNREACHABLE', `cannot reach ${url}: ${detail}`, { url, detail })
  }
}

export class RepoNotFoundError extends AppError {
  constructor(url: string, status: number) {
    super('REPO_NOT_FOUND', `${url} answered HTTP ${status}: no such repository`, { url, status })
  }
}

export class RefNotFoundError extends AppError {
  constructor(url: string, ref: string) {
    super('REF_NOT_FOUND', `${url} has no branch or tag "${ref}"`, { url, ref })
  }
}

export class CommitNotFoundError extends AppError {
  constructor(url: string, sha: string, depth: number) {
    super(
      'COMMIT_NOT_FOUND',
      `${url}: commit ${sha} is not among the last ${depth} commits of any branch tip Quire fetched`,
      { url, sha, depth },
    )
  }
}

export class RepoTooLargeError extends AppError {
  constructor(url: string, bytes: number, limit: number) {
    super(
      'REPO_TOO_LARGE',
      `${url} is larger than the ${formatBytes(limit)} limit (stopped after ${formatBytes(bytes)})`,
      { url, bytes, limit },
    )
  }
}
