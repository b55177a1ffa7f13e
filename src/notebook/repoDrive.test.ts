import type { ServerConnection } from '@jupyterlab/services'
import { describe, expect, it } from 'vitest'
import { RepoDrive } from './repoDrive'
import { Workspace } from './workspace'
import { memoryEditStore } from './__fixtures__/memoryEditStore'

async function openDrive() {
  const ws = await Workspace.load(
    [
      { path: 'a.txt', data: new TextEncoder().encode('a') },
      { path: 'docs/b.md', data: new TextEncoder().encode('# b') },
    ],
    memoryEditStore(),
  )
  // The drive never calls a server; JupyterLab only reads the settings object.
  return { ws, drive: new RepoDrive(ws, {} as ServerConnection.ISettings) }
}

describe('RepoDrive folders', () => {
  it('makes an empty folder that the listing shows, as JupyterLab\'s "New Folder" does', async () => {
    const { drive } = await openDrive()
    const made = await drive.newUntitled({ type: 'directory' })
    expect(made).toMatchObject({ path: 'Untitled Folder', type: 'directory' })
    expect((await drive.newUntitled({ type: 'directory', path: 'docs' })).path).toBe('docs/Untitled Folder')
    const root = await drive.get('')
    expect(
      Array.isArray(root.content) && root.content.map((m: { path: string; type: string }) => `${m.type}:${m.path}`),
    ).toEqual(['file:a.txt', 'directory:docs', 'directory:Untitled Folder'])
    expect((await drive.get('Untitled Folder')).content).toEqual([])
  })

  it('renames and deletes a folder with what is inside', async () => {
    const { ws, drive } = await openDrive()
    const renamed = await drive.rename('docs', 'notes')
    expect(renamed).toMatchObject({ path: 'notes', type: 'directory' })
    expect(ws.text('notes/b.md')).toBe('# b')
    await drive.delete('notes')
    expect(ws.isDir('notes')).toBe(false)
    expect(ws.files().map((f) => f.path)).toEqual(['a.txt'])
  })
})
