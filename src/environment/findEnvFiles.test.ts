import { describe, expect, it } from 'vitest'
import { ConflictingBinderDirsError } from './errors'
import { findEnvFiles } from './findEnvFiles'

describe('findEnvFiles (repo2docker precedence)', () => {
  it('reads the root when there is no binder folder', () => {
    expect(
      findEnvFiles(['README.md', 'requirements.txt', 'setup.py', 'runtime.txt', 'docs/apt.txt', 'x.ipynb']),
    ).toEqual({
      configDir: '',
      files: { 'requirements.txt': 'requirements.txt', 'setup.py': 'setup.py', 'runtime.txt': 'runtime.txt' },
    })
  })

  it('reads only binder/ when it exists, ignoring root setup.py and DESCRIPTION', () => {
    const files = findEnvFiles([
      'requirements.txt',
      'setup.py',
      'DESCRIPTION',
      'binder/requirements.txt',
      'binder/postBuild',
      'binder/setup.py',
    ])
    expect(files).toEqual({
      configDir: 'binder',
      files: { 'requirements.txt': 'binder/requirements.txt', postBuild: 'binder/postBuild' },
    })
  })

  it('uses .binder/, even when it holds no known file', () => {
    expect(findEnvFiles(['./.binder/environment.yml', 'Dockerfile'])).toEqual({
      configDir: '.binder',
      files: { 'environment.yml': '.binder/environment.yml' },
    })
    expect(findEnvFiles(['.binder/', 'requirements.txt'])).toEqual({ configDir: '.binder', files: {} })
  })

  it('recognises every file repo2docker acts on', () => {
    const names = [
      'environment.yml',
      'Pipfile',
      'Pipfile.lock',
      'requirements.txt',
      'setup.py',
      'pyproject.toml',
      'runtime.txt',
      'apt.txt',
      'postBuild',
      'start',
      'install.R',
      'DESCRIPTION',
      'Project.toml',
      'Manifest.toml',
      'default.nix',
      'Dockerfile',
    ]
    expect(Object.keys(findEnvFiles(names).files).sort()).toEqual([...names].sort())
  })

  it('refuses both binder/ and .binder/ with CONFLICTING_BINDER_DIRS', () => {
    expect(() => findEnvFiles(['binder/requirements.txt', '.binder/postBuild'])).toThrow(ConflictingBinderDirsError)
    expect(() => findEnvFiles(['binder', '.binder'])).toThrow(
      expect.objectContaining({ code: 'CONFLICTING_BINDER_DIRS' }),
    )
  })

  it('is not fooled by look-alike folders', () => {
    expect(findEnvFiles(['binderhub/requirements.txt', 'requirements.txt']).configDir).toBe('')
  })
})
