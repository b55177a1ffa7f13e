import { AppError } from '../shared/errors'

export class BadLaunchUrlError extends AppError {
  constructor(path: string, reason: string) {
    super('BAD_LAUNCH_URL', `${reason} (in ${path})`, { path, reason })
  }
}

export class UnsupportedProviderError extends AppError {
  constructor(provider: string) {
    super('UNSUPPORTED_PROVIDER', `provider "${provider}" is not supported yet`, { provider })
  }
}
