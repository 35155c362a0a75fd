import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { parse } from 'csv-parse/sync'
import { MatchError } from '../errors.js'
import { createCsvWriter, neutralizeFormula, toCsvCell, writeCsv } from './write-csv.js'

const dir = mkdtempSync(join(tmpdir(), 'duijie-write-csv-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileCount = 0
const tempPath = (name: string): string => join(dir, `${fileCount++}-${name}`)

const ROWS = [
  { id: 'A1', title: '石墨烯导热膜', score: 87.5, reasons: ['关键词：石墨烯', '成熟度满足'] },
  { id: 'A2', title: '含,逗号与"引号"\n和换行', score: -3.5, reasons: [] },
]
const COLUMNS = [{ key: 'id', header: '成果编号' }, { key: 'title', header: '成果名称' }, { key: 'score', header: '匹配度' }, 'reasons']

describe('writeCsv', () => {
  it('writes UTF-8 with BOM, CRLF line ends and the columns in the given order', async () => {
    const path = tempPath('out.csv')
    expect(await writeCsv(path, ROWS, { columns: COLUMNS })).toBe(2)
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '成果编号,成果名称,匹配度,reasons\r\n' +
      'A1,石墨烯导热膜,87.5,关键词：石墨烯、成熟度满足\r\n' +
      'A2,"含,逗号与""引号""\n和换行",-3.5,\r\n',
    )
  })

  it('writes GBK without BOM that decodes to the same Chinese', async () => {
    const path = tempPath('gbk.csv')
    await writeCsv(path, ROWS, { columns: COLUMNS, encoding: 'gbk' })
    const bytes = readFileSync(path)
    expect(bytes[0]).not.toBe(0xef)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const text = iconv.decode(bytes, 'gbk')
    expect(text.startsWith('成果编号,成果名称,匹配度,reasons\r\nA1,石墨烯导热膜,87.5,')).toBe(true)
    expect(parse(text)).toEqual([
      ['成果编号', '成果名称', '匹配度', 'reasons'],
      ['A1', '石墨烯导热膜', '87.5', '关键词：石墨烯、成熟度满足'],
      ['A2', '含,逗号与"引号"\n和换行', '-3.5', ''],
    ])
  })

  it('writes GB18030 for characters GBK lacks', async () => {
    const path = tempPath('gb18030.csv')
    await writeCsv(path, [{ name: '𠀀😀' }], { columns: ['name'], encoding: 'gb18030' })
    expect(iconv.decode(readFileSync(path), 'gb18030')).toBe('name\r\n𠀀😀\r\n')
  })

  it('leaves the BOM out when asked', async () => {
    const path = tempPath('nobom.csv')
    await writeCsv(path, [{ a: 1 }], { columns: ['a'], bom: false })
    expect(readFileSync(path, 'utf8')).toBe('a\r\n1\r\n')
  })

  it('quotes a cell holding a lone \\r or \\n, so the row does not split', async () => {
    const path = tempPath('cr.csv')
    await writeCsv(path, [{ a: 'x\ry', b: 'p\nq' }], { columns: ['a', 'b'], bom: false })
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n"x\ry","p\nq"\r\n')
  })

  it('reads only own properties of a row', async () => {
    const path = tempPath('own.csv')
    const row = JSON.parse('{"__proto__": "own", "id": "A1"}') as Record<string, unknown>
    await writeCsv(path, [row, { id: 'A2' }], { columns: ['id', '__proto__', 'constructor', 'toString'], bom: false })
    expect(readFileSync(path, 'utf8')).toBe('id,__proto__,constructor,toString\r\nA1,own,,\r\nA2,,,\r\n')
  })

  it('takes rows from an async iterable', async () => {
    const path = tempPath('async.csv')
    async function* rows() {
      yield { a: 'x' }
      yield { a: 'y' }
    }
    expect(await writeCsv(path, rows(), { columns: ['a'], bom: false })).toBe(2)
    expect(readFileSync(path, 'utf8')).toBe('a\r\nx\r\ny\r\n')
  })

  it('leaves no cell starting with = + - @ tab or CR, except numbers', async () => {
    const dangerous = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '1', '.', 'a', '中', ',', '"', '\n') })
    await fc.assert(
      fc.asyncProperty(fc.array(dangerous, { minLength: 1, maxLength: 5 }), async (cells) => {
        const path = tempPath('inject.csv')
        const row = Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell]))
        await writeCsv(path, [row], { columns: cells.map((_, i) => `c${i}`), bom: false })
        const [, written] = parse(readFileSync(path, 'utf8')) as string[][]
        written!.forEach((cell, i) => {
          if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/)
          expect(cell === cells[i] || cell === `'${cells[i]}`).toBe(true)
        })
      }),
      { numRuns: 50 },
    )
  })

  it('throws INVALID_OPTION for bad options, at the call', () => {
    expect(() => createCsvWriter(tempPath('x.csv'), { columns: [] })).toThrow('invalid columns: [], must be a non-empty array of keys or { key, header }')
    expect(() => createCsvWriter(tempPath('x.csv'), { columns: ['a'], encoding: 'big5' as never })).toThrow('invalid encoding: "big5", must be utf8, gbk or gb18030')
    expect(() => createCsvWriter(tempPath('x.csv'), { columns: ['a'], delimiter: '\n' })).toThrow(MatchError)
  })

  it('reports a file that cannot be written as MatchError IO', async () => {
    const path = join(dir, 'no-such-folder', 'out.csv')
    await expect(writeCsv(path, [{ a: 1 }], { columns: ['a'] })).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`cannot write ${path}: ENOENT`) })
  })
})

describe('neutralizeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+86 138 0000 0000', "'+86 138 0000 0000"], ['-x', "'-x"], ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"], ['\r=1', "'\r=1"], ['=cmd|calc', "'=cmd|calc"], ['-1+2', "'-1+2"],
    ['-3.5', '-3.5'], ['+86', '+86'], ['-1e5', '-1e5'], ['石墨烯', '石墨烯'], ['a=b', 'a=b'], ['', ''],
  ])('turns %j into %j', (text, expected) => {
    expect(neutralizeFormula(text)).toBe(expected)
  })
})

describe('toCsvCell', () => {
  it('writes numbers as numbers and other values as text', () => {
    expect(toCsvCell(-3.5)).toBe('-3.5')
    expect(toCsvCell(Number.NaN)).toBe('')
    expect(toCsvCell(Number.POSITIVE_INFINITY)).toBe('')
    expect(toCsvCell(null)).toBe('')
    expect(toCsvCell(undefined)).toBe('')
    expect(toCsvCell(true)).toBe('true')
    expect(toCsvCell(['技术转让', '技术许可'])).toBe('技术转让、技术许可')
    expect(toCsvCell(['-x', 'y'])).toBe("'-x、y")
    expect(toCsvCell([-0.5, 1])).toBe('[-0.5,1]')
    expect(toCsvCell({ a: '=1' })).toBe('{"a":"=1"}')
  })
})
