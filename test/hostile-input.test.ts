/**
 * Hostile input, through the reader and end to end through `duijie match`: huge, empty,
 * punctuation-only, emoji, mixed-script and control-character texts, invalid UTF-8 bytes,
 * duplicate ids, and prototype names as ids, keys and columns. Nothing crashes, nothing
 * pollutes a prototype, every bad record is a reject with file, line, field and reason, and
 * every good record is matched. The outcome of each fixture line is in
 * fixtures/io/hostile/README.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { readRecords, type RecordLocation } from '../src/io/read-records.js'
import type { DocId } from '../src/types.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const hostile = (name: string): string => join(root, 'fixtures/io/hostile', name)
const dir = mkdtempSync(join(tmpdir(), 'duijie-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A summary of about 1 MB (UTF-8), of words the needs ask for. */
const HUGE_SUMMARY = '锂电池回收 石墨烯散热 '.repeat(Math.ceil((1024 * 1024) / 31))
const HUGE_RECORD = { id: 'A0009', title: '超长简介的锂电池回收工艺', summary: HUGE_SUMMARY }

/** The achievements fixture with the 1 MB record as line 15. */
function achievementsWithHugeRecord(): string {
  const path = join(dir, 'achievements.jsonl')
  writeFileSync(path, readFileSync(hostile('achievements.jsonl'), 'utf8') + JSON.stringify(HUGE_RECORD) + '\n')
  return path
}

const prototypeNames = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
})

const ACHIEVEMENT_REJECTS = [
  [2, 'title', 'missing title'],
  [3, 'title', 'missing title'],
  [4, 'title', 'no letter, digit or Chinese character, nothing to match on: "！？。，……——"'],
  [7, undefined, expect.stringMatching(/^invalid JSON: Bad control character in string literal/)],
  [10, 'id', 'duplicate id "A0001", first at line 1'],
  [12, undefined, expect.stringMatching(/^invalid JSON: /)],
  [13, 'id', 'holds a control character: "A\\u0000X"'],
  [14, 'title', 'no letter, digit or Chinese character, nothing to match on: "🔥🔥 ✨"'],
]
const NEED_REJECTS = [
  [6, 'title', 'missing title'],
  [8, 'title', 'holds U+FFFD: bytes not valid in utf8 (or the replacement character itself); fix the bytes or give the right encoding'],
]

describe('readRecords on hostile input', () => {
  it('accepts the good achievements (1 MB summary, emoji, mixed scripts, prototype ids) and rejects each bad line with line, field and reason', async () => {
    const before = prototypeNames()
    const path = achievementsWithHugeRecord()
    const { records, rejects, stats } = await readRecords(path, 'achievement')
    expect(records.map((record) => record.id)).toEqual(['A0001', 'A0005', 'A0006', '__proto__', 'constructor', 'A0008', 'A0009'])
    expect(rejects.map(({ line, field, reason }) => [line, field, reason])).toEqual(ACHIEVEMENT_REJECTS)
    for (const reject of rejects) expect(reject.file).toBe(path)
    const byId = new Map(records.map((record) => [record.id, record]))
    // Accepted as they are: the 1 MB summary whole, emoji and four scripts exactly.
    expect(byId.get('A0009')!.summary).toBe(HUGE_SUMMARY.trim())
    expect(byId.get('A0005')!.title).toBe('🔋锂电池 Battery 回收 한국어 Ελληνικά 🔥')
    // Control characters escaped in JSON become spaces (NUL, ESC, BEL; NEL in the summary).
    expect(byId.get('A0006')).toMatchObject({ title: '导热 硅胶 [31m垫片', summary: '控制字符 在标题里' })
    // Prototype names: plain string ids; the keys __proto__, constructor and prototype are unknown keys.
    expect(byId.get('__proto__')).toEqual({ id: '__proto__', title: '原型编号的锂电池隔膜', keywords: ['隔膜'] })
    expect(byId.get('constructor')).toEqual({ id: 'constructor', title: '构造器编号的石墨烯涂层' })
    for (const record of records) expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(stats.unknownColumns.map((column) => column.name).sort()).toEqual(['__proto__', 'constructor', 'prototype'])
    // A reject keeps at most 500 characters of its line, whatever the line's length.
    for (const reject of rejects) expect(reject.raw!.length).toBeLessThanOrEqual(501)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(prototypeNames()).toEqual(before)
  })

  it('reads a UTF-8 CSV with invalid bytes on one line as UTF-8, rejecting only that line, and prototype names as unknown columns', async () => {
    const before = prototypeNames()
    const { records, rejects, stats } = await readRecords(hostile('needs.csv'), 'need')
    // Regression: the FF FE bytes used to make detection pick GB18030 for the whole file, and
    // every row was garbled into "missing id".
    expect(stats.encoding).toBe('utf8')
    expect(records.map((record) => [record.id, record.title])).toEqual([
      ['N0001', '手机散热用石墨烯导热膜'],
      ['__proto__', '锂电池隔膜与回收'],
      ['constructor', '石墨烯涂层防腐'],
      ['A0001', '石墨烯散热方案'],
      ['N0003', '锂电池 回收 设备'], // raw U+0001 and U+007F in a CSV cell become spaces
      ['N0005', '锂电池回收利用'],
    ])
    expect(rejects.map(({ line, field, reason }) => [line, field, reason])).toEqual(NEED_REJECTS)
    expect(rejects[1]!.raw).toBe('N0004,石墨烯\ufffd\ufffd导热材料,无效字节,a,b,c')
    expect(stats.replacementCharLines).toBe(1)
    expect(stats.unknownColumns).toEqual([
      { name: '__proto__', count: 8 },
      { name: 'constructor', count: 8 },
      { name: 'prototype', count: 8 },
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(prototypeNames()).toEqual(before)
  })

  it('rejects an id repeated in a second file of the same kind, naming the first file and line', async () => {
    const seenIds = new Map<DocId, RecordLocation>()
    const first = await readRecords(hostile('achievements.jsonl'), 'achievement', { seenIds })
    const second = join(dir, 'more.csv')
    writeFileSync(second, 'id,title\r\nA0005,另一个文件里的重复编号\r\n__proto__,原型编号再次出现\r\nA0100,新成果\r\n')
    const { records, rejects } = await readRecords(second, 'achievement', { seenIds })
    expect(first.records.map((record) => record.id)).toContain('__proto__')
    expect(records.map((record) => record.id)).toEqual(['A0100'])
    expect(rejects.map(({ line, field, reason }) => [line, field, reason])).toEqual([
      [2, 'id', `duplicate id "A0005", first at ${hostile('achievements.jsonl')}:5`],
      [3, 'id', `duplicate id "__proto__", first at ${hostile('achievements.jsonl')}:8`],
    ])
  })
})

/** Prints whether Object.prototype and Array.prototype are unchanged when the process exits. */
const PROTOTYPE_GUARD = `data:text/javascript,${encodeURIComponent(`
const names = () => JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()])
const before = names()
process.on('exit', () => {
  const clean = names() === before && ({}).polluted === undefined && [].polluted === undefined
  process.stderr.write(clean ? 'prototype-guard: clean\\n' : 'prototype-guard: POLLUTED ' + names() + '\\n')
})`)}`

const duijie = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', PROTOTYPE_GUARD, '--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const readJsonl = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)

describe('duijie match on hostile input', () => {
  it('matches every good record, sets every bad one aside with file, line, field and reason, and pollutes nothing', () => {
    const supply = achievementsWithHugeRecord()
    const out = join(dir, 'matches.jsonl')
    const r = duijie('match', '--supply', supply, '--demand', 'fixtures/io/hostile/needs.csv', '--top', '3', '--out', out)
    expect(r.code).toBe(3) // done, with rejects
    expect(r.stderr).toContain('prototype-guard: clean')
    expect(r.stderr).toContain('needs.csv: 6 records (utf8, csv), 2 rejected')
    expect(r.stderr).toContain('achievements.jsonl: 7 records (utf8, jsonl), 8 rejected')

    const rows = readJsonl(out)
    // Every accepted need is a query, prototype names and the id shared with an achievement included.
    expect([...new Set(rows.map((row) => row.needId))]).toEqual(['N0001', '__proto__', 'constructor', 'A0001', 'N0003', 'N0005'])
    for (const row of rows) expect(Object.keys(row)).toEqual(['needId', 'kind', 'id', 'rank', 'score', 'band', 'title', 'reasons'])
    const matchedIds = new Set(rows.map((row) => row.id))
    // The 1 MB record is matched (its summary is about 锂电池回收), and prototype ids come back as ids.
    expect(rows.find((row) => row.needId === 'N0005' && row.rank === 1)?.id).toBe('A0009')
    expect(matchedIds).toContain('__proto__')
    expect(matchedIds).toContain('constructor')
    const titleOf = new Map(rows.map((row) => [row.id, row.title]))
    expect(titleOf.get('__proto__')).toBe('原型编号的锂电池隔膜')
    expect(titleOf.get('A0005')).toBe('🔋锂电池 Battery 回收 한국어 Ελληνικά 🔥')
    // No rejected record is ever matched.
    for (const id of ['A0002', 'A0003', 'A0004', 'A0007', 'A0010', 'N0002', 'N0004']) {
      expect(matchedIds).not.toContain(id)
      expect(rows.map((row) => row.needId)).not.toContain(id)
    }

    const rejects = readJsonl(`${out}.rejects.jsonl`)
    const summary = (file: string) => rejects.filter((x) => x.file === file).map((x) => [x.line, x.field, x.reason])
    expect(summary('fixtures/io/hostile/needs.csv')).toEqual(NEED_REJECTS)
    expect(summary(supply)).toEqual(ACHIEVEMENT_REJECTS)
    expect(rejects).toHaveLength(NEED_REJECTS.length + ACHIEVEMENT_REJECTS.length)
  })
})
