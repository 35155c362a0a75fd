import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { DataFormatError } from '../errors.js'
import { readJsonl, splitLines } from './jsonl.js'

const dir = mkdtempSync(join(tmpdir(), 'duijie-jsonl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function collect(chunks: string[]): Promise<[number, string][]> {
  const out: [number, string][] = []
  for await (const { line, text } of splitLines(chunks)) out.push([line, text])
  return out
}

describe('splitLines', () => {
  it('splits on \\n, \\r\\n and a lone \\r, numbering lines from 1', async () => {
    expect(await collect(['a\nb\r\nc\rd'])).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']])
  })

  it('keeps blank lines and adds none for a final line break', async () => {
    expect(await collect(['\n\na\n'])).toEqual([[1, ''], [2, ''], [3, 'a']])
    expect(await collect([''])).toEqual([])
  })

  it('reads a \\r\\n cut between two chunks as one line break', async () => {
    expect(await collect(['a\r', '\nb'])).toEqual([[1, 'a'], [2, 'b']])
    expect(await collect(['a\r', 'b'])).toEqual([[1, 'a'], [2, 'b']])
    expect(await collect(['a\r'])).toEqual([[1, 'a']])
  })

  it('gives the lines of String.split whatever the chunking', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', '中', '\n', '\r', ' ', '"') })
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(20), { maxLength: 10 }), async (input, cuts) => {
        const chunks: string[] = []
        let at = 0
        for (const cut of cuts) {
          chunks.push(input.slice(at, at + cut))
          at += cut
        }
        chunks.push(input.slice(at))
        const expected = input.split(/\r\n|\n|\r/)
        if (expected[expected.length - 1] === '') expected.pop()
        expect(await collect(chunks)).toEqual(expected.map((line, i) => [i + 1, line]))
      }),
    )
  })
})

describe('readJsonl', () => {
  it('reads every object, skipping blank lines, from UTF-8 with BOM and CRLF', async () => {
    const path = join(dir, 'bom.jsonl')
    writeFileSync(path, '\ufeff{"id": "A1", "title": "石墨烯"}\r\n\r\n{"id": "A2", "title": "x"}\r\n')
    expect(await readJsonl(path)).toEqual([{ id: 'A1', title: '石墨烯' }, { id: 'A2', title: 'x' }])
  })

  it('reads GBK', async () => {
    const path = join(dir, 'gbk.jsonl')
    writeFileSync(path, iconv.encode('{"id": "N1", "title": "沿海镀锌铁塔和金具锈得快"}\n', 'gbk'))
    expect(await readJsonl(path)).toEqual([{ id: 'N1', title: '沿海镀锌铁塔和金具锈得快' }])
  })

  it('throws DataFormatError with file and line at the first bad line', async () => {
    const path = join(dir, 'bad.jsonl')
    writeFileSync(path, '{"id": "A1"}\n\n{"id": \n[1]\n')
    const error = await readJsonl(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DataFormatError)
    expect(error).toMatchObject({ code: 'DATA_FORMAT', file: path, line: 3 })
    expect((error as Error).message).toMatch(new RegExp(`^${path}:3: invalid JSON: `))
  })

  it('throws on a line that is JSON but not an object', async () => {
    const path = join(dir, 'array.jsonl')
    writeFileSync(path, '{"id": "A1"}\n[1]\n')
    await expect(readJsonl(path)).rejects.toThrow(`${path}:2: not a JSON object: an array`)
  })
})
