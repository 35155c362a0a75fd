import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stringify } from 'csv-stringify/sync'
import { MatchError } from '../errors.js'
import { readCsvRows, validateDelimiter, type CsvItem } from './csv.js'

async function collect(input: string | string[], delimiter = ','): Promise<CsvItem[]> {
  const out: CsvItem[] = []
  for await (const item of readCsvRows(typeof input === 'string' ? [input] : input, delimiter)) out.push(item)
  return out
}

function chunked(text: string, size: number): string[] {
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size))
  return chunks
}

const row = (cells: string[], line: number, raw: string): CsvItem => ({ row: { cells, line, raw } })

describe('readCsvRows', () => {
  it('gives each record the line it starts on, with a quoted multi-line cell and blank lines', async () => {
    const text = 'id,title,desc\n1,a,"multi\nline"\n\n2,b,c\n'
    const expected = [
      row(['id', 'title', 'desc'], 1, 'id,title,desc'),
      row(['1', 'a', 'multi\nline'], 2, '1,a,"multi\nline"'),
      row(['2', 'b', 'c'], 5, '2,b,c'),
    ]
    expect(await collect(text)).toEqual(expected)
    expect(await collect(chunked(text, 1))).toEqual(expected)
  })

  it('counts a \\r\\n inside a quoted cell as one line (csv-parse counts two)', async () => {
    const text = 'a,b\r\n"1\r\n\r\n2",x\r\n3,4\r\n'
    expect(await collect(chunked(text, 2))).toEqual([
      row(['a', 'b'], 1, 'a,b'),
      row(['1\r\n\r\n2', 'x'], 2, '"1\r\n\r\n2",x'),
      row(['3', '4'], 5, '3,4'),
    ])
  })

  it('reads mixed line ends and a last line without a line break', async () => {
    expect(await collect('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      row(['a', 'b'], 1, 'a,b'), row(['1', '2'], 2, '1,2'), row(['3', '4'], 3, '3,4'), row(['5', '6'], 4, '5,6'),
    ])
  })

  it('returns rows of another length as they are', async () => {
    expect(await collect('a,b,c\n1,2\n1,2,3,4\n')).toEqual([
      row(['a', 'b', 'c'], 1, 'a,b,c'), row(['1', '2'], 2, '1,2'), row(['1', '2', '3', '4'], 3, '1,2,3,4'),
    ])
  })

  it('keeps a quote inside an unquoted cell as a character', async () => {
    expect(await collect('a,b\n5"螺栓,x\n')).toEqual([row(['a', 'b'], 1, 'a,b'), row(['5"螺栓', 'x'], 2, '5"螺栓,x')])
  })

  it('sets aside a line whose stray quote swallows the next lines, and reads those lines again', async () => {
    const text = 'id,title,desc\n5,q,"unclosed\n6,r,s\n7,"t",u\n8,v,w\n'
    expect(await collect(chunked(text, 3))).toEqual([
      row(['id', 'title', 'desc'], 1, 'id,title,desc'),
      { error: { line: 2, reason: 'unbalanced quote: the row would run over lines 2–4 with 4 cells (header has 3); the lines after this one are read again', raw: '5,q,"unclosed' } },
      row(['6', 'r', 's'], 3, '6,r,s'),
      row(['7', 't', 'u'], 4, '7,"t",u'),
      row(['8', 'v', 'w'], 5, '8,v,w'),
    ])
  })

  it('sets aside a line with a quote that nothing closes, and reads the rest of the file', async () => {
    const text = 'a,b\n1,2\n\n"bad,5\n6,7\n8,9\n'
    expect(await collect(text)).toEqual([
      row(['a', 'b'], 1, 'a,b'),
      row(['1', '2'], 2, '1,2'),
      { error: { line: 4, reason: 'unclosed quote: a cell opens a quote that nothing closes; the lines after this one are read again', raw: '"bad,5' } },
      row(['6', '7'], 5, '6,7'),
      row(['8', '9'], 6, '8,9'),
    ])
  })

  it('recovers from several stray quotes, reading every good line', async () => {
    const items = await collect('a,b,c\n1,"x\n2,3,4\n5,"y\n6,7,8\n')
    expect(items.filter((item) => item.row).map((item) => [item.row!.line, item.row!.cells])).toEqual([
      [1, ['a', 'b', 'c']], [3, ['2', '3', '4']], [5, ['6', '7', '8']],
    ])
    expect(items.filter((item) => item.error).map((item) => [item.error!.line, item.error!.raw])).toEqual([[2, '1,"x'], [4, '5,"y']])
  })

  it('regression: reads two stray quotes that pair up into a row of the header width as that row', async () => {
    // Nothing in the cells tells this apart from a quoted cell with a line break; the row
    // keeps both lines, so nothing is lost, and its odd title shows in the output.
    const items = await collect('a,b,c\n1,"x,1\n2,"y,2\n3,4,5\n')
    expect(items.map((item) => item.row?.line)).toEqual([1, 2, 4])
    expect(items[1]!.row!.cells).toEqual(['1', '"x,1\n2,"y', '2'])
  })

  it('keeps a surrogate pair whole when a chunk ends between its halves', async () => {
    expect(await collect(['a,b\n1,\ud83d', '\ude00\n'])).toEqual([row(['a', 'b'], 1, 'a,b'), row(['1', '😀'], 2, '1,😀')])
  })

  it('reads tab-separated text', async () => {
    expect(await collect('a\tb\n1,5\t2\n', '\t')).toEqual([row(['a', 'b'], 1, 'a\tb'), row(['1,5', '2'], 2, '1,5\t2')])
  })

  it('reads back any table csv-stringify writes, with the start line of every row, however it is chunked', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', '😀', ',', '"', '\n', '\r', ' ', '\t', '、') })
    const table = fc.integer({ min: 2, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }))
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 50 }), async (rows, recordDelimiter, chunkSize) => {
        const records = rows.map((cells) => stringify([cells], { record_delimiter: recordDelimiter, quote_record_delimiter: true }))
        const expected: CsvItem[] = []
        let line = 1
        for (const [i, text] of records.entries()) {
          expected.push({ row: { cells: rows[i]!, line, raw: text.slice(0, -recordDelimiter.length) } })
          line += text.match(/\r\n|\n|\r/g)!.length
        }
        expect(await collect(chunked(records.join(''), chunkSize))).toEqual(expected)
      }),
    )
  })

  it('never throws on junk', async () => {
    const junk = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '\t') })
    await fc.assert(
      fc.asyncProperty(junk, fc.integer({ min: 1, max: 20 }), async (text, size) => {
        const items = await collect(chunked(text, size))
        for (const item of items) expect(item.row?.line ?? item.error?.line).toBeGreaterThanOrEqual(1)
      }),
    )
  })
})

describe('validateDelimiter', () => {
  it('accepts one character and refuses quotes, line breaks and longer strings', () => {
    expect(validateDelimiter(';')).toBe(';')
    expect(validateDelimiter('\t')).toBe('\t')
    for (const bad of ['"', '\n', ',,', '', 1]) expect(() => validateDelimiter(bad)).toThrow(MatchError)
    expect(() => validateDelimiter(',,')).toThrow('invalid delimiter: ",,", must be one character other than a quote or a line break')
  })
})
