/**
 * The bytes of `duijie match --format csv`: a UTF-8 BOM (or GBK without one), CRLF line ends,
 * and no cell a spreadsheet would run as a formula, even when ids and titles are crafted to
 * start with = + - @. Parsed back with csv-parse, the CSV holds the same rows as the JSON Lines
 * output, with the neutralised cells prefixed by an apostrophe.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCsvWriter } from '../src/io/write-csv.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'duijie-csv-bytes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SUPPLY = 'fixtures/io/hostile/formula-achievements.jsonl'
const DEMAND = 'fixtures/io/hostile/formula-needs.jsonl'
const HEADER = ['needId', 'kind', 'id', 'rank', 'score', 'band', 'title', 'reasons']

function match(out: string, ...extra: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'match', '--supply', SUPPLY, '--demand', DEMAND, '--out', out, '--quiet', ...extra], { cwd: root, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
}

/** The rule, written out independently of write-csv.ts: = + - @ tab CR start a formula unless the text is a number. */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? `'${text}` : text
}

/** A CSV row as the JSON Lines row says it should be. */
function expectedCells(row: Record<string, unknown>, toText: (text: string) => string = (text) => text): string[] {
  return HEADER.map((key) => {
    const value = row[key]
    if (typeof value === 'number') return String(value)
    if (Array.isArray(value)) return neutralised(toText(value.join('；')))
    return neutralised(toText(String(value)))
  })
}

/** Checks that every line ends with CRLF and no bare CR or LF is left (no cell holds a line break here). */
function expectCrlfOnly(text: string, rows: number): void {
  expect(text.endsWith('\r\n')).toBe(true)
  expect(text.split('\r\n')).toHaveLength(rows + 2) // header, rows, and '' after the last CRLF
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
}

let jsonlRows: Record<string, unknown>[]

beforeAll(() => {
  const out = join(dir, 'matches.jsonl')
  match(out)
  jsonlRows = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
  // The crafted records all match: 3 needs × 7 achievements.
  expect(jsonlRows).toHaveLength(21)
})

describe('duijie match --format csv, bytes', () => {
  it('writes UTF-8 with BOM, CRLF line ends, and the JSON Lines rows with every formula-like cell neutralised', () => {
    const out = join(dir, 'matches.txt') // not .csv: the format comes from --format
    match(out, '--format', 'csv')
    const bytes = readFileSync(out)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3))
    expectCrlfOnly(text, jsonlRows.length)
    const table = parse(text) as string[][]
    expect(table[0]).toEqual(HEADER)
    expect(table.slice(1)).toEqual(jsonlRows.map((row) => expectedCells(row)))

    // The crafted cells, one by one: ids and titles that start with = + - @ carry an apostrophe.
    const cells = new Set(table.slice(1).flat())
    for (const cell of ["'=N0201", "'@N0202", "'=A0201", "'+A0202", "'-A0203", "'@A0204", `'=HYPERLINK("http://evil.example","石墨烯导热膜")`,
      "'+石墨烯导热膜 cmd|' /C calc'!A0", "'-石墨烯导热膜+2+3", "'@SUM(石墨烯导热膜)"]) expect(cells).toContain(cell)
    // Numbers are not formulas: the need id -1 and the title -3.5 stay as they are.
    expect(cells).toContain('-1')
    expect(cells).toContain('-3.5')
    for (const cell of cells) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^-\d+(\.\d+)?$/)
  })

  it('writes GBK without BOM when asked: the header and the Chinese decode, characters outside GBK become ?', () => {
    const out = join(dir, 'matches-gbk.csv')
    match(out, '--out-encoding', 'gbk')
    const bytes = readFileSync(out)
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf])
    // GBK, not UTF-8: 石墨烯 is CA AF C4 AB CF A9 in GBK.
    expect(bytes.includes(Buffer.from([0xca, 0xaf, 0xc4, 0xab, 0xcf, 0xa9]))).toBe(true)
    expect(bytes.includes(Buffer.from('石墨烯', 'utf8'))).toBe(false)
    const text = iconv.decode(bytes, 'gbk')
    expect(text.split('\r\n')[0]).toBe(HEADER.join(','))
    expectCrlfOnly(text, jsonlRows.length)
    const table = parse(text) as string[][]
    // iconv-lite writes ? for what GBK cannot hold: the emoji and the Hangul of A0206's title.
    const inGbk = (value: string) => [...value].map((char) => (iconv.decode(iconv.encode(char, 'gbk'), 'gbk') === char ? char : '?')).join('')
    expect(table.slice(1)).toEqual(jsonlRows.map((row) => expectedCells(row, inGbk)))
    expect(table.slice(1).map((row) => row[6])).toContain('?石墨烯导热膜 ???')
    expect(table.slice(1).map((row) => row[5])).toContain('弱相关')
  })

  it('neutralises cells that start with a tab or a CR, which no record field can carry (the readers trim them)', async () => {
    const out = join(dir, 'tab-cr.csv')
    const writer = createCsvWriter(out, { columns: ['a', 'b', 'c', 'd'] }) // the writer behind --format csv
    await writer.write({ a: '\t=1+1', b: '\r=cmd', c: '\tplain', d: -2 })
    await writer.close()
    const text = readFileSync(out, 'utf8')
    expect(text.startsWith('\ufeffa,b,c,d\r\n')).toBe(true)
    expect(parse(text.slice(1)) as string[][]).toEqual([['a', 'b', 'c', 'd'], ["'\t=1+1", "'\r=cmd", "'\tplain", '-2']])
  })
})
