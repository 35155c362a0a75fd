import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readJsonl } from './jsonl.js'
import { createJsonlWriter, writeJsonl } from './write-jsonl.js'

const dir = mkdtempSync(join(tmpdir(), 'duijie-write-jsonl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('writeJsonl', () => {
  it('writes one JSON object per line, UTF-8 without BOM, \\n line ends', async () => {
    const path = join(dir, 'a.jsonl')
    expect(await writeJsonl(path, [{ id: 'A1', title: '石墨烯' }, { id: 'A2', title: '换行\n和\u2028' }])).toBe(2)
    expect(readFileSync(path, 'utf8')).toBe('{"id":"A1","title":"石墨烯"}\n{"id":"A2","title":"换行\\n和\u2028"}\n')
    expect(await readJsonl(path)).toEqual([{ id: 'A1', title: '石墨烯' }, { id: 'A2', title: '换行\n和\u2028' }])
  })

  it('writes many records with backpressure, from an async iterable', async () => {
    const path = join(dir, 'many.jsonl')
    async function* records() {
      for (let i = 0; i < 20_000; i++) yield { id: `N${i}`, title: '需求'.repeat(20) }
    }
    expect(await writeJsonl(path, records())).toBe(20_000)
    const back = await readJsonl<{ id: string }>(path)
    expect(back).toHaveLength(20_000)
    expect(back[19_999]!.id).toBe('N19999')
  })

  it('throws INVALID_OPTION for a value JSON cannot hold, keeping the lines before it', async () => {
    const path = join(dir, 'bigint.jsonl')
    await expect(writeJsonl(path, [{ id: 'A1' }, { id: 2n }])).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/^record 2 cannot be written as JSON: /) })
    expect(readFileSync(path, 'utf8')).toBe('{"id":"A1"}\n')
  })

  it('reports a file that cannot be written as MatchError IO', async () => {
    const path = join(dir, 'missing', 'x.jsonl')
    const writer = createJsonlWriter(path)
    await expect((async () => {
      await writer.write({ id: 'A1' })
      await writer.close()
    })()).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`cannot write ${path}: ENOENT`) })
  })
})
