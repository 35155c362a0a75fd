/**
 * Round trips: records written by the writers read back equal through readRecords.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AnyRecord, RecordKind } from '../types.js'
import { SCHEMA_FIELDS } from './headers.js'
import { readRecords } from './read-records.js'
import { writeCsv } from './write-csv.js'
import { writeJsonl } from './write-jsonl.js'

const dir = mkdtempSync(join(tmpdir(), 'duijie-round-trip-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileCount = 0
const tempPath = (name: string): string => join(dir, `${fileCount++}-${name}`)

const CHINESE = [...'石墨烯导热膜技术转让许可合作开发陕西省西安市鄠邑区轴承故障诊断需求成果专家教授']
const PUNCTUATION = [...'，。、；：“”（）《》'] // full-width, all in GBK
const CSV_SYNTAX = [',', '"', '\n', '\r\n', '\r', ' ', '\t', ';', '|', '/']

interface TextOptions {
  /** Characters that may not appear at all (list separators in list items). */
  readonly forbid?: RegExp
  /** Whether a leading = + - @ is allowed (not in CSV, where the writer neutralises it). */
  readonly formulaStart: boolean
  /** Whether to draw from full Unicode too (not for GBK). */
  readonly unicode: boolean
  /** Characters the text must hold at least one of (a title needs a letter or digit). */
  readonly require?: RegExp
}

/** What the readers change or reject in any text: control characters (tab and line breaks aside) and U+FFFD. */
const UNREADABLE = /(?![\t\n\r])\p{Cc}|\ufffd/u
/** What an id may not hold: any control character. */
const NOT_IN_ID = /\p{Cc}/u
const WORD_CHARACTER = /[\p{L}\p{N}]/u

/** Non-empty text that trimming leaves alone, as the readers return it. */
function text(options: TextOptions): fc.Arbitrary<string> {
  const units: fc.Arbitrary<string>[] = [
    fc.constantFrom(...CHINESE), fc.constantFrom(...PUNCTUATION), fc.constantFrom(...CSV_SYNTAX),
    fc.constantFrom('a', 'Z', '5', '-', '=', '@', '+', '.', '面议'),
  ]
  if (options.unicode) units.push(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }))
  return fc
    .string({ unit: fc.oneof(...units), minLength: 1, maxLength: 12 })
    .filter((value) => value.trim() === value && value.length > 0)
    .filter((value) => !options.forbid?.test(value) && !UNREADABLE.test(value))
    .filter((value) => options.require === undefined || options.require.test(value))
    .filter((value) => options.formulaStart || !/^[=+\-@]/.test(value))
}

const LIST_SEPARATOR = /[、，,;；|｜/／\s]/u

function recordArbitrary(kind: RecordKind, options: TextOptions): fc.Arbitrary<AnyRecord> {
  const t = text(options)
  const list = fc.array(text({ ...options, forbid: LIST_SEPARATOR }), { minLength: 1, maxLength: 4 })
  const amount = fc.double({ min: 0, max: 1e12, noNaN: true }).map((x) => (x === 0 ? 0 : x))
  const vector = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)), { minLength: 1, maxLength: 4 })
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary
  const id = text({ ...options, forbid: NOT_IN_ID })
  const identity = text({ ...options, require: WORD_CHARACTER })
  const common = { id, vector: optional(vector), region: t, cooperation: list }
  switch (kind) {
    case 'achievement':
      return fc.record(
        { ...common, title: identity, summary: t, keywords: list, field: t, maturity: t, institution: t, institutionType: t, price: amount, year: fc.integer({ min: 1000, max: 9999 }) },
        { requiredKeys: ['id', 'title'] },
      )
    case 'need':
      return fc.record(
        { ...common, title: identity, description: t, field: t, budget: amount, maturityRequired: t, company: t, deadline: t },
        { requiredKeys: ['id', 'title'] },
      )
    case 'expert': {
      const { cooperation: _cooperation, ...expertCommon } = common
      return fc.record({ ...expertCommon, name: identity, title: t, institution: t, fields: list, directions: list, bio: t }, { requiredKeys: ['id', 'name'] })
    }
  }
}

/** Records of a kind with distinct ids, fields in schema order (as the readers build them). */
function recordsArbitrary(kind: RecordKind, options: TextOptions): fc.Arbitrary<AnyRecord[]> {
  return fc.uniqueArray(recordArbitrary(kind, options), { selector: (record) => record.id, maxLength: 6 }).map((records) =>
    records.map((record) => {
      const ordered: Record<string, unknown> = {}
      for (const field of SCHEMA_FIELDS[kind]) {
        const value = (record as unknown as Record<string, unknown>)[field]
        if (value !== undefined) ordered[field] = value
      }
      return ordered as unknown as AnyRecord
    }),
  )
}

const KINDS = fc.constantFrom<RecordKind>('achievement', 'need', 'expert')

describe('round trip', () => {
  it('reads back equal any valid records written as JSON Lines', async () => {
    await fc.assert(
      fc.asyncProperty(KINDS.chain((kind) => fc.tuple(fc.constant(kind), recordsArbitrary(kind, { formulaStart: true, unicode: true }))), async ([kind, records]) => {
        const path = tempPath('records.jsonl')
        await writeJsonl(path, records)
        const read = await readRecords(path, kind)
        expect(read.rejects).toEqual([])
        expect(read.records).toEqual(records)
      }),
      { numRuns: 100 },
    )
  })

  it('reads back equal any valid records written as CSV with the schema names as headers', async () => {
    await fc.assert(
      fc.asyncProperty(KINDS.chain((kind) => fc.tuple(fc.constant(kind), recordsArbitrary(kind, { formulaStart: false, unicode: true }))), async ([kind, records]) => {
        const path = tempPath('records.csv')
        await writeCsv(path, records, { columns: SCHEMA_FIELDS[kind] })
        const read = await readRecords(path, kind)
        expect(read.rejects).toEqual([])
        expect(read.records).toEqual(records)
      }),
      { numRuns: 100 },
    )
  })

  it('reads back equal any GBK-encodable records written as GBK CSV', async () => {
    await fc.assert(
      fc.asyncProperty(KINDS.chain((kind) => fc.tuple(fc.constant(kind), recordsArbitrary(kind, { formulaStart: false, unicode: false }))), async ([kind, records]) => {
        const path = tempPath('records-gbk.csv')
        await writeCsv(path, records, { columns: SCHEMA_FIELDS[kind], encoding: 'gbk' })
        const read = await readRecords(path, kind, { encoding: 'gbk' })
        expect(read.rejects).toEqual([])
        expect(read.records).toEqual(records)
      }),
      { numRuns: 50 },
    )
  })

  it('reads a neutralised formula back with its apostrophe, as a spreadsheet shows it', async () => {
    const path = tempPath('formula.csv')
    await writeCsv(path, [{ id: 'N1', title: '=1+1', budget: -0 }], { columns: ['id', 'title', 'budget'] })
    const read = await readRecords(path, 'need')
    expect(read.records).toEqual([{ id: 'N1', title: "'=1+1", budget: 0 }])
  })
})
