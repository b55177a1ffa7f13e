import { AppError } from '../shared/errors'

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
