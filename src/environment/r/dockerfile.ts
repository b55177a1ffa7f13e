// A Dockerfile on a rocker image (https://rocker-project.org): RStudio/Shiny in a container of its
// own, which only a hub can build. Read for the R version its tag names.
import type { Reason } from '../verdict'

const FROM_ROCKER = /^\s*FROM\s+(?:--platform=\S+\s+)?(rocker\/([a-z0-9._-]+))(?::(\d+(?:\.\d+){1,2}))?/im

export function readRockerDockerfile(text: string, file: string): { rVersion?: string; reasons: Reason[] } | undefined {
  const m = FROM_ROCKER.exec(text)
  if (!m) return undefined
  const [, image, , tag] = m
  const reasons: Reason[] = [
    {
      level: 'hub',
      file,
      text: `builds its own R image from ${image}${tag ? `:${tag}` : ''} (RStudio/Shiny), which only a hub can run`,
    },
  ]
  return { ...(tag ? { rVersion: tag } : {}), reasons }
}
