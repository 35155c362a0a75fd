import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MatchError } from '../errors.js'
import type { DocId } from '../types.js'
import { readRecords, readRecordStream, type RecordLocation } from './read-records.js'
import { formatReject, MAX_RAW_LENGTH } from './reject.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'io')
const fixture = (name: string): string => join(FIXTURES, name)

const dir = mkdtempSync(join(tmpdir(), 'duijie-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileCount = 0
function tempFile(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, `${fileCount++}-${name}`)
  writeFileSync(path, bytes)
  return path
}

describe('readRecords on JSON Lines', () => {
  it('reads every good record and rejects each bad line with its line, field and reason', async () => {
    const path = fixture('achievements-broken.jsonl')
    const { records, rejects, stats } = await readRecords(path, 'achievement')
    expect(records).toEqual([
      { id: 'A0001', title: '石墨烯导热膜', keywords: ['石墨烯', '导热'], price: 50, year: 2022 },
      { id: 'A0002', title: '轴承故障诊断', keywords: ['故障诊断', '深度学习', '振动'], cooperation: ['技术转让', '技术许可'], price: 80 },
      { id: 'A0006', title: '中文键名的成果', field: '新材料' },
      { id: '__proto__', title: '原型键' },
      { id: '9', title: '数字编号' },
    ])
    expect(rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 4, field: undefined, reason: expect.stringMatching(/^invalid JSON: /) },
      { line: 5, field: 'title', reason: 'missing title' },
      { line: 6, field: 'id', reason: 'duplicate id "A0001", first at line 1' },
      { line: 7, field: 'summary', reason: 'not a string: {"text":"对象"}' },
      { line: 8, field: undefined, reason: 'not a JSON object: an array' },
      { line: 11, field: 'price', reason: 'not a number: "约五十万"' },
      { line: 13, field: 'keywords', reason: 'not a string or a list of strings: {"a":1}' },
    ])
    expect(rejects.every((reject) => reject.file === path)).toBe(true)
    expect(rejects[1]!.raw).toBe('{"id": "A0004", "summary": "没有成果名称的记录"}')
    expect(formatReject(rejects[5]!)).toBe(`${path}:11: price: not a number: "约五十万"`)
    expect(stats).toMatchObject({ format: 'jsonl', encoding: 'utf8', records: 5, rejects: 7, blankLines: 2, replacementCharLines: 0 })
    expect(stats.unknownColumns).toEqual([
      { name: '备注', count: 1 }, { name: '__proto__', count: 1 }, { name: 'constructor', count: 1 }, { name: 'prototype', count: 1 },
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads UTF-16LE with BOM and GB18030 without BOM', async () => {
    const needs = await readRecords(fixture('needs-utf16le.jsonl'), 'need')
    expect(needs.records).toEqual([{ id: 'N0101', title: '污水处理', budget: 30 }, { id: 'N0102', title: '废气治理' }])
    expect(needs.stats.encoding).toBe('utf16le')
    const experts = await readRecords(fixture('experts-gb18030.jsonl'), 'expert')
    expect(experts.records).toEqual([{ id: 'E0101', name: '张三', title: '研究员', directions: ['增材制造', '激光熔覆'] }])
    expect(experts.stats.encoding).toBe('gb18030')
  })

  it('reads an empty file as no records and no rejects', async () => {
    const { records, rejects, stats } = await readRecords(fixture('empty.jsonl'), 'need')
    expect([records, rejects, stats.blankLines]).toEqual([[], [], 0])
  })

  it('rejects a record whose field holds bytes invalid in the encoding (U+FFFD), naming the field, and counts the line', async () => {
    const path = tempFile('mixed.jsonl', Buffer.concat([Buffer.from('{"id": "N1", "title": "好"}\n{"id": "N2", "title": "'), Buffer.from([0xff]), Buffer.from('"}\n')]))
    const { records, rejects, stats } = await readRecords(path, 'need', { encoding: 'utf8' })
    expect(records.map((record) => record.id)).toEqual(['N1'])
    expect(rejects.map(({ line, field, reason }) => [line, field, reason])).toEqual([
      [2, 'title', 'holds U+FFFD: bytes not valid in utf8 (or the replacement character itself); fix the bytes or give the right encoding'],
    ])
    expect(stats.replacementCharLines).toBe(1)
  })

  it('cuts the raw text of a reject to MAX_RAW_LENGTH characters', async () => {
    const path = tempFile('long.jsonl', `{"id": "A1", "summary": "${'长'.repeat(2000)}"}\n`)
    const { rejects } = await readRecords(path, 'achievement')
    expect(rejects[0]!.raw).toHaveLength(MAX_RAW_LENGTH + 1)
    expect(rejects[0]!.raw!.endsWith('…')).toBe(true)
  })

  it('never throws on junk lines, and turns each non-blank line into one record or one reject', async () => {
    const fragment = fc.oneof(
      fc.constantFrom('{', '}', '"id"', '"title"', ':', ',', '"A1"', '"x"', '[', ']', 'null', '1', '"__proto__"', '"预算"', '"面议"', ' ', '\\'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    )
    const line = fc.oneof(
      fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.record({ id: fc.string(), title: fc.string(), budget: fc.jsonValue() }).map((object) => JSON.stringify(object)),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), async (lines, lineBreak) => {
        const clean = lines.map((text) => text.replace(/[\r\n]/g, ' '))
        const path = tempFile('junk.jsonl', clean.map((text) => text + lineBreak).join(''))
        const { records, rejects, stats } = await readRecords(path, 'need')
        const nonBlank = clean.filter((text) => text.trim() !== '').length
        expect(records.length + rejects.length).toBe(nonBlank)
        expect(stats.blankLines).toBe(clean.length - nonBlank)
      }),
      { numRuns: 60 },
    )
  })
})

describe('readRecords on CSV', () => {
  it('reads a GBK export with Chinese headers, a multi-line cell and bad rows', async () => {
    const path = fixture('needs-gbk.csv')
    const { records, rejects, stats } = await readRecords(path, 'need')
    expect(records).toEqual([
      { id: 'N0001', title: '镀锌铁塔锈蚀', description: '海边镀锌件两三年就锈', region: '广西壮族自治区防城港市', budget: 150, cooperation: ['技术转让'], deadline: '2025-12-31' },
      { id: 'N0002', title: '烟气消白', description: '锅炉烟气白雾明显，\r\n想找节能的消白办法', region: '陕西省西安市', budget: 50, cooperation: ['技术服务', '技术咨询'] },
      { id: 'N0005', title: '预算面议', description: '描述', region: '陕西省', cooperation: ['技术许可'] },
      { id: 'N0006', title: '千分位预算', description: '描述,含逗号', region: '新疆生产建设兵团', budget: 1200, cooperation: ['技术转让', '技术许可'] },
    ])
    expect(rejects.map(formatReject)).toEqual([
      `${path}:5: 9 cells, header has 8`,
      `${path}:6: budget: not a number: "约五十万"`,
      `${path}:10: id: duplicate id "N0001", first at line 2`,
      `${path}:11: title: missing title`,
    ])
    expect(rejects[0]!.raw).toBe('N0003,多了一列,描述,10,技术转让,陕西省,2025-01-01,备注,多余')
    expect(stats).toMatchObject({ format: 'csv', encoding: 'gb18030', records: 4, rejects: 4, blankLines: 1 })
    expect(stats.columns.map((column) => column.field)).toEqual(['id', 'title', 'description', 'budget', 'cooperation', 'region', 'deadline', undefined])
    expect(stats.unknownColumns).toEqual([{ name: '备注', count: 1 }])
  })

  it('reads UTF-8 with BOM and English headers in any case', async () => {
    const { records, rejects, stats } = await readRecords(fixture('achievements-bom.csv'), 'achievement')
    expect(records).toEqual([
      { id: 'A0101', title: '水下机器人', summary: '用于水下检测，续航8小时', keywords: ['机器人', '水下', '检测'], maturity: '中试', price: 200, year: 2021 },
      { id: 'A0102', title: '=cmd|calc', summary: '公式样的名称' },
    ])
    expect(rejects).toEqual([])
    expect(stats.columns[0]).toEqual({ name: 'ID', field: 'id' })
  })

  it('reads prototype names as unknown columns and as ordinary ids', async () => {
    const { records, rejects, stats } = await readRecords(fixture('experts-proto.csv'), 'expert')
    expect(records).toEqual([
      { id: '__proto__', name: '郑宏伟', title: '教授', directions: ['烟气余热回收', '湿烟气消白'] },
      { id: 'constructor', name: '覃海燕', directions: ['甘蔗育种'] },
    ])
    expect(rejects.map(({ line, field, reason }) => [line, field, reason])).toEqual([[4, 'name', 'missing name']])
    expect(stats.unknownColumns.map((column) => column.name)).toEqual(['__proto__', 'constructor', 'prototype'])
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads an empty file and a header-only file as no records and no rejects', async () => {
    for (const name of ['empty.csv', 'header-only.csv']) {
      const { records, rejects } = await readRecords(fixture(name), 'achievement')
      expect([name, records, rejects]).toEqual([name, [], []])
    }
  })

  it('uses a user header mapping', async () => {
    const path = tempFile('mapped.csv', '项目编号,需求名称,预算（万元）\r\nP1,锈蚀,50万\r\n')
    const { records, stats } = await readRecords(path, 'need', { headers: { 项目编号: 'id' } })
    expect(records).toEqual([{ id: 'P1', title: '锈蚀', budget: 50 }])
    expect(stats.unknownColumns).toEqual([])
  })

  it('reads .tsv with tabs, and a .txt file as CSV when told', async () => {
    const tsv = await readRecords(tempFile('needs.tsv', 'id\ttitle\nN1\t含,逗号\n'), 'need')
    expect(tsv.records).toEqual([{ id: 'N1', title: '含,逗号' }])
    const txt = await readRecords(tempFile('needs.txt', 'id;title\nN1;x\n'), 'need', { format: 'csv', delimiter: ';' })
    expect(txt.records).toEqual([{ id: 'N1', title: 'x' }])
  })

  it('rejects a stray-quote line and reads the rows after it', async () => {
    const path = tempFile('quote.csv', 'id,title,description\nN1,"未闭合,描述\nN2,好的,描述\nN3,也好,描述\n')
    const { records, rejects } = await readRecords(path, 'need')
    expect(records.map((record) => record.id)).toEqual(['N2', 'N3'])
    expect(rejects.map((reject) => [reject.line, reject.raw])).toEqual([[2, 'N1,"未闭合,描述']])
  })

  it('never throws on junk CSV', async () => {
    const junk = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r\n', ' ', 'id', 'title', '__proto__', '面议') })
    await fc.assert(
      fc.asyncProperty(junk, async (text) => {
        const { records, rejects } = await readRecords(tempFile('junk.csv', text), 'need')
        for (const reject of rejects) expect(reject.line).toBeGreaterThanOrEqual(1)
        for (const record of records) expect(typeof record.title).toBe('string')
      }),
      { numRuns: 60 },
    )
  })
})

describe('readRecords across files', () => {
  it('rejects an id already read from another file when the id map is shared', async () => {
    const seenIds = new Map<DocId, RecordLocation>()
    const first = tempFile('a.jsonl', '{"id": "N1", "title": "一"}\n')
    const second = tempFile('b.csv', 'id,title\nN2,二\nN1,重复\n')
    await readRecords(first, 'need', { seenIds })
    const { records, rejects } = await readRecords(second, 'need', { seenIds })
    expect(records.map((record) => record.id)).toEqual(['N2'])
    expect(formatReject(rejects[0]!)).toBe(`${second}:3: id: duplicate id "N1", first at ${first}:1`)
    expect([...seenIds.keys()]).toEqual(['N1', 'N2'])
  })
})

describe('readRecordStream', () => {
  it('yields records with their lines and rejects in file order', async () => {
    const path = tempFile('s.jsonl', '{"id": "N1", "title": "一"}\n\n{"id": "N2"}\n{"id": "N3", "title": "三"}\n')
    const items: unknown[] = []
    for await (const item of readRecordStream(path, 'need')) items.push(item.reject ? ['reject', item.reject.line] : ['record', item.line, item.record.id])
    expect(items).toEqual([['record', 1, 'N1'], ['reject', 3], ['record', 4, 'N3']])
  })

  it('stops reading when the consumer leaves early', async () => {
    const path = tempFile('big.jsonl', Array.from({ length: 50_000 }, (_, i) => `{"id": "N${i}", "title": "需求${i}"}`).join('\n'))
    const stream = readRecordStream(path, 'need')
    let seen = 0
    for await (const item of stream) {
      if (item.record) seen++
      if (seen === 10) break
    }
    expect(stream.stats.records).toBe(10)
  })

  it('can be iterated once', async () => {
    const stream = readRecordStream(fixture('empty.jsonl'), 'need')
    for await (const _ of stream) break
    await expect((async () => {
      for await (const _ of stream) break
    })()).rejects.toThrow(`records of ${fixture('empty.jsonl')} already read`)
  })

  it('validates options at the call and reports a missing file while reading', async () => {
    expect(() => readRecordStream('x.jsonl', 'need', { encoding: 'big5' as never })).toThrow('invalid encoding: "big5"')
    expect(() => readRecordStream('x.jsonl', 'thing' as never)).toThrow('invalid kind: "thing", must be one of achievement, need, expert')
    expect(() => readRecordStream('x.csv', 'need', { delimiter: '""' })).toThrow(MatchError)
    expect(() => readRecordStream('x.csv', 'need', { headers: { 编号: 'bio' } })).toThrow('invalid headers["编号"]: "bio"')
    const missing = join(dir, 'missing.jsonl')
    await expect(readRecords(missing, 'need')).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`cannot read ${missing}`) })
  })
})
