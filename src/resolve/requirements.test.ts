import { describe, expect, it } from 'vitest'
import { hasRealConfigs, noteIfNoRealConfigs, readReal as real } from '../shared/__fixtures__/realConfigs'
import { BadRequirementError } from './errors'
import { parseRequirement } from './requirement'
import { parseRequirements } from './requirements'

noteIfNoRealConfigs('src/resolve/requirements.test.ts: 10 tests on real requirements files')
const one = (text: string) => parseRequirement(text, { file: 'requirements.txt', line: 1, text })

describe('parseRequirement (PEP 508 and pip line forms)', () => {
  it.each([
    // name, specifier — lines from the real configs
    ['numpy==1.24.0', 'numpy', 'numpy', '==1.24.0'],
    ['astropy>=5.2', 'astropy', 'astropy', '>=5.2'],
    ['dms_struct==0.2.1', 'dms_struct', 'dms-struct', '==0.2.1'],
    ['iPython==7.2.0', 'iPython', 'ipython', '==7.2.0'],
    ['jupyter_contrib_nbextensions', 'jupyter_contrib_nbextensions', 'jupyter-contrib-nbextensions', ''],
    ['pytz==2022.2.1', 'pytz', 'pytz', '==2022.2.1'],
    ['charset-normalizer==2.1.1', 'charset-normalizer', 'charset-normalizer', '==2.1.1'],
    ['ruamel.yaml', 'ruamel.yaml', 'ruamel-yaml', ''],
    ['requests >= 2.0 , < 3', 'requests', 'requests', '>=2.0,<3'],
    ['zope.interface (>=5.0)', 'zope.interface', 'zope-interface', '>=5.0'],
    ['Django~=4.2.0', 'Django', 'django', '~=4.2.0'],
    ['foo==1.0.*', 'foo', 'foo', '==1.0.*'],
    ['foo===1.0-weird', 'foo', 'foo', '===1.0-weird'],
  ])('%s', (text, name, normalized, specifier) => {
    const req = one(text)
    expect(req).toMatchObject({ name, normalized, specifier, extras: [], file: 'requirements.txt', line: 1 })
    expect(req.marker).toBeUndefined()
  })

  it('reads extras and markers', () => {
    expect(one('name[extra1, Extra_2]>=1,<2 ; python_version < "3.8"')).toMatchObject({
      name: 'name',
      extras: ['extra1', 'extra-2'],
      specifier: '>=1,<2',
      marker: 'python_version < "3.8"',
    })
    expect(one('pywin32>=1.0;sys_platform=="win32"')).toMatchObject({
      specifier: '>=1.0',
      marker: 'sys_platform=="win32"',
    })
    expect(one('dask [dataframe]')).toMatchObject({ name: 'dask', extras: ['dataframe'], specifier: '' })
  })

  it('reads `name @ url`', () => {
    const req = one('pkg @ https://example.org/pkg-1.0-py3-none-any.whl ; python_version >= "3.9"')
    expect(req).toMatchObject({
      name: 'pkg',
      url: 'https://example.org/pkg-1.0-py3-none-any.whl',
      specifier: '',
      marker: 'python_version >= "3.9"',
    })
  })

  it('reads a bare URL (getting-data) and names it from #egg= or the wheel', () => {
    const url = 'https://github.com/betatim/rio-tiler/archive/0cbe4ecbc638ec6d7136ab1ffa50f2b9fb48bbd8.zip'
    expect(one(url)).toMatchObject({ url, name: '0cbe4ecbc638ec6d7136ab1ffa50f2b9fb48bbd8.zip' })
    expect(one('git+https://github.com/a/b.git#egg=bee')).toMatchObject({ name: 'bee', normalized: 'bee' })
    expect(one('https://x.org/a/Foo_Bar-2.0-py3-none-any.whl')).toMatchObject({ name: 'foo-bar' })
  })

  it('reads local paths relative to the repository', () => {
    expect(one('./wheels/foo-0.1-py3-none-any.whl')).toMatchObject({
      name: 'foo',
      path: 'wheels/foo-0.1-py3-none-any.whl',
      specifier: '',
    })
    expect(one('wheels/foo-0.1-py3-none-any.whl')).toMatchObject({ path: 'wheels/foo-0.1-py3-none-any.whl' })
    expect(one('./pkg[test]')).toMatchObject({ path: 'pkg', extras: ['test'] })
    expect(one('.')).toMatchObject({ path: '' })
  })

  it.each([
    ['numpy=1.2', /single "="/, /Use "=="/],
    ['numpy 1.2', /cannot read|unexpected/, /./],
    ['numpy==', /cannot read/, /PEP 440/],
    ['numpy>=abc', /not a valid PEP 440/, /./],
    ['numpy[extra', /unclosed/, /Extras/],
    ['numpy ; python_version <', /marker/, /PEP 508/],
    ['numpy ; ', /empty marker/, /./],
    ['-bad-name', /no package name/, /./],
    ['../outside/foo-1.0-py3-none-any.whl', /outside the repository/, /./],
    ['pkg @ not-a-url', /not a URL/, /./],
  ])('%s is a BadRequirementError', (text, reason, hint) => {
    const err = (() => {
      try {
        one(text)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(BadRequirementError)
    if (!(err instanceof BadRequirementError)) return
    expect(err.code).toBe('BAD_REQUIREMENT')
    expect(err.reason).toMatch(reason)
    expect(err.hint).toMatch(hint)
    expect(err.message).toContain('requirements.txt:1')
    expect(err.message).toContain(text.trim())
  })
})

describe('parseRequirements (pip file format)', () => {
  it.skipIf(!hasRealConfigs)(
    'skips comments and blank lines, keeps CRLF line numbers (JoeKnittel pip-compile header)',
    () => {
      const { requirements, options } = parseRequirements(
        real('JoeKnittel__BinderDemo/requirements.txt'),
        'requirements.txt',
      )
      expect(requirements.map((r) => [r.name, r.specifier, r.line])).toEqual([
        ['numpy', '==1.19.5', 7],
        ['pandas', '==1.2.0', 8],
        ['matplotlib', '==3.3.3', 9],
      ])
      expect(options).toEqual([])
    },
  )

  it.skipIf(!hasRealConfigs)('reads a file without a final newline (jupyter-extension)', () => {
    const { requirements } = parseRequirements(
      real('binder-examples__jupyter-extension/requirements.txt'),
      'requirements.txt',
    )
    expect(requirements.map((r) => r.normalized)).toEqual([
      'numpy',
      'matplotlib',
      'ipywidgets',
      'jupyter-contrib-nbextensions',
    ])
  })

  it.skipIf(!hasRealConfigs)('keeps -r includes as options for the caller to follow (JesperDramsch)', () => {
    const { requirements, options } = parseRequirements(
      real('JesperDramsch__ml-for-science-reproducibility-tutorial/requirements.txt'),
      'requirements.txt',
    )
    expect(requirements).toEqual([])
    expect(options).toEqual([
      { kind: 'requirement', flag: '-r', value: 'requirements/book.txt', file: 'requirements.txt', line: 1 },
      { kind: 'requirement', flag: '-r', value: 'requirements/tutorial.txt', file: 'requirements.txt', line: 2 },
    ])
  })

  it('handles inline comments, continuations, option lines and hashes', () => {
    const text = [
      '# top comment',
      '--index-url https://pypi.example/simple',
      '--extra-index-url=https://extra.example/simple',
      '-i https://third.example',
      '-c constraints.txt',
      '--requirement=more.txt',
      '-e .',
      '-e git+https://github.com/a/b.git#egg=bee',
      '--pre',
      'numpy>=1.20 # the maths',
      'scipy \\',
      '  >=1.10 \\',
      '  ; python_version >= "3.9"',
      '',
      'six==1.16.0 --hash=sha256:aaa \\',
      '    --hash=sha256:bbb',
      'https://host/pkg-1.0.tar.gz#egg=pkg',
    ].join('\n')
    const { requirements, options } = parseRequirements(text, 'binder/requirements.txt')
    expect(
      requirements.map((r) => ({ name: r.name, spec: r.specifier, line: r.line, marker: r.marker, hashes: r.hashes })),
    ).toEqual([
      { name: 'numpy', spec: '>=1.20', line: 10, marker: undefined, hashes: undefined },
      { name: 'scipy', spec: '>=1.10', line: 11, marker: 'python_version >= "3.9"', hashes: undefined },
      { name: 'six', spec: '==1.16.0', line: 15, marker: undefined, hashes: ['sha256:aaa', 'sha256:bbb'] },
      { name: 'pkg', spec: '', line: 17, marker: undefined, hashes: undefined },
    ])
    expect(requirements[3].url).toBe('https://host/pkg-1.0.tar.gz#egg=pkg')
    expect(options.map((o) => [o.kind, o.value, o.line])).toEqual([
      ['index-url', 'https://pypi.example/simple', 2],
      ['extra-index-url', 'https://extra.example/simple', 3],
      ['index-url', 'https://third.example', 4],
      ['constraint', 'constraints.txt', 5],
      ['requirement', 'more.txt', 6],
      ['editable', '.', 7],
      ['editable', 'git+https://github.com/a/b.git#egg=bee', 8],
      ['other', '', 9],
    ])
  })

  it('reports the file and line of a malformed line', () => {
    expect(() => parseRequirements('numpy\n\npandas=1.0\n', 'binder/requirements.txt')).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUIREMENT',
        data: expect.objectContaining({ file: 'binder/requirements.txt', line: 3, text: 'pandas=1.0' }),
      }),
    )
    expect(() => parseRequirements('--index-url\n', 'r.txt')).toThrow(/needs a value/)
  })

  it
    .skipIf(!hasRealConfigs)
    .each([
      'manuparra__binder-pipeline-v1/requirements.txt',
      'jbloomlab__map_flu_serum_Perth2009_H3_HA/binder/requirements.txt',
      'xofbd__datascience-binder/requirements.txt',
      'jakevdp__PythonDataScienceHandbook/requirements.txt',
      'norvig__pytudes/requirements.txt',
      'binder-examples__getting-data/requirements.txt',
      'JesperDramsch__ml-for-science-reproducibility-tutorial/requirements/tutorial.txt',
    ])('parses the real %s line for line', (path) => {
    const text = real(path)
    const { requirements } = parseRequirements(text, 'requirements.txt')
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    expect(requirements).toHaveLength(lines.length)
    for (const r of requirements) expect(r.normalized).toMatch(/^[a-z0-9.-]+$/)
  })
})

// The same syntax as the real files above, written here so that it is checked on every clone.
describe('parseRequirements on written files of the same shapes', () => {
  it('a pip-compile header with CRLF line ends: comments skipped, line numbers kept', () => {
    const text =
      '#\r\n# This file is autogenerated by pip-compile\r\n# To update, run:\r\n#\r\n#    pip-compile\r\n#\r\n'
    const { requirements, options } = parseRequirements(
      `${text}numpy==1.19.5\r\npandas==1.2.0\r\nmatplotlib==3.3.3\r\n`,
      'requirements.txt',
    )
    expect(requirements.map((r) => [r.name, r.specifier, r.line])).toEqual([
      ['numpy', '==1.19.5', 7],
      ['pandas', '==1.2.0', 8],
      ['matplotlib', '==3.3.3', 9],
    ])
    expect(options).toEqual([])
  })

  it('no final newline, mixed-case and underscore names', () => {
    const { requirements } = parseRequirements('numpy\nMatplotlib\nipywidgets\njupyter_contrib_nbextensions', 'r.txt')
    expect(requirements.map((r) => r.normalized)).toEqual([
      'numpy',
      'matplotlib',
      'ipywidgets',
      'jupyter-contrib-nbextensions',
    ])
  })

  it('nested -r includes are kept as options, in order', () => {
    const { requirements, options } = parseRequirements(
      '-r requirements/book.txt\n-r requirements/tutorial.txt\n',
      'r.txt',
    )
    expect(requirements).toEqual([])
    expect(options.map((o) => [o.kind, o.flag, o.value, o.line])).toEqual([
      ['requirement', '-r', 'requirements/book.txt', 1],
      ['requirement', '-r', 'requirements/tutorial.txt', 2],
    ])
  })

  it('old pins, markers, URL requirements and comments, line for line', () => {
    const text = [
      '# data tools',
      'pandas==0.23.4',
      'scikit-learn==0.20.0 ; python_version < "3.8"',
      'https://github.com/betatim/rio-tiler/archive/0cbe4ecbc638ec6d7136ab1ffa50f2b9fb48bbd8.zip',
      'rasterio',
      'dms_struct==0.2.1',
      'iPython==7.2.0  # the shell',
      '',
    ].join('\n')
    const { requirements } = parseRequirements(text, 'requirements.txt')
    expect(requirements.map((r) => [r.url ? 'a URL' : r.normalized, r.specifier, r.line])).toEqual([
      ['pandas', '==0.23.4', 2],
      ['scikit-learn', '==0.20.0', 3],
      ['a URL', '', 4],
      ['rasterio', '', 5],
      ['dms-struct', '==0.2.1', 6],
      ['ipython', '==7.2.0', 7],
    ])
    expect(requirements[1].marker).toBe('python_version < "3.8"')
    expect(requirements[2].url).toMatch(/\.zip$/)
  })
})
