import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { AnyRecord, RecordKind } from '../types.js'
import { createCharAnalyzer } from './document-index.js'
import { DEFAULT_FIELDS, fieldText } from './fields.js'
import { batchTerms, ForwardBatchBuilder, type ForwardBatch } from './forward-batch.js'
import { MAX_TERM_COUNT } from './term-counts.js'

/**
 * The batch of these documents (terms per field, repeats kept) as a plain Map-based builder
 * makes it: batch-local ids in order of first appearance, per document its distinct terms in
 * order of first appearance with their per-field counts, and per-field lengths.
 */
function referenceBatch(docs: readonly (readonly (readonly string[])[])[], fieldCount: number): ForwardBatch {
  const ids = new Map<string, number>()
  const terms: string[] = []
  const docTermCounts: number[] = []
  const termIds: number[] = []
  const tfs: number[] = []
  const fieldLengths: number[] = []
  for (const fields of docs) {
    const counts = new Map<number, number[]>()
    fields.forEach((fieldTerms, f) => {
      for (const term of fieldTerms) {
        let id = ids.get(term)
        if (id === undefined) {
          id = terms.push(term) - 1
          ids.set(term, id)
        }
        let perField = counts.get(id)
        if (perField === undefined) counts.set(id, (perField = new Array<number>(fieldCount).fill(0)))
        perField[f]! += 1
      }
      fieldLengths.push(fieldTerms.length)
    })
    docTermCounts.push(counts.size)
    for (const [id, perField] of counts) {
      termIds.push(id)
      tfs.push(...perField)
    }
  }
  let end = 0
  return {
    termBase: 0,
    termText: terms.join(''),
    termEnds: Uint32Array.from(terms, (term) => (end += term.length)),
    docTermCounts: Uint32Array.from(docTermCounts),
    termIds: Int32Array.from(termIds),
    tfs: Uint16Array.from(tfs, (count) => Math.min(count, MAX_TERM_COUNT)),
    fieldLengths: Float32Array.from(fieldLengths),
  }
}

/** The batch as plain data: `toEqual` then checks array types and contents exactly. */
function plain(batch: ForwardBatch): unknown {
  return { ...batch }
}

function readRecords(path: string): AnyRecord[] {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AnyRecord)
}

const FIXTURES: readonly { path: string; kind: RecordKind }[] = [
  { path: 'fixtures/sample/achievements.jsonl', kind: 'achievement' },
  { path: 'fixtures/sample/needs.jsonl', kind: 'need' },
  { path: 'fixtures/sample/experts.jsonl', kind: 'expert' },
  { path: 'fixtures/mini/achievements.jsonl', kind: 'achievement' },
]

/** Per record, the text of each field of its kind (achievements also get `field`, 所属领域). */
function fieldTexts(records: readonly AnyRecord[], kind: RecordKind): string[][] {
  const fields = [...Object.keys(DEFAULT_FIELDS[kind]), ...(kind === 'achievement' ? ['field'] : [])]
  return records.map((record) => fields.map((field) => fieldText(record, field)))
}

/** Code units chosen to meet every path: one unit, surrogate halves alone and paired, NUL (pair key 0), CJK, Latin. */
const UNITS = ['a', 'b', '\u0000', '石', '墨', '烯', '\uD840', '\uDC00', '\uDFFF', '\uFFFF', '\uD83D', '\uDE00']
const term = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...UNITS) },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...UNITS), { minLength: 2, maxLength: 2 }).map((units) => units.join('')) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...UNITS), { minLength: 3, maxLength: 5 }).map((units) => units.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant('') },
)
const FIELD_COUNT = 3
const doc = fc.array(fc.array(term, { maxLength: 12 }), { minLength: FIELD_COUNT, maxLength: FIELD_COUNT })

/** Text with CJK, Latin words, digits, spaces, astral characters (surrogate pairs) and lone surrogates. */
const text = fc
  .array(fc.oneof(fc.constantFrom('石墨烯', '涂层', '焊接', 'igbt', '5g', ' ', '，', '𠀀', '𠀁𠀀', '😀', '\uD840', '的'), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 20 })
  .map((parts) => parts.join(''))

describe('ForwardBatchBuilder', () => {
  let words: Analyzer
  let chars: Analyzer
  beforeAll(() => {
    words = createAnalyzer()
    chars = createCharAnalyzer()
  })

  for (const { path, kind } of FIXTURES) {
    it(`builds the same batch as a Map-based builder on ${path}, words and characters`, () => {
      const texts = fieldTexts(readRecords(path), kind)
      const F = texts[0]!.length
      for (const analyzer of [words, chars]) {
        const builder = new ForwardBatchBuilder(F)
        for (const fields of texts) builder.addTexts(fields, analyzer)
        const expected = referenceBatch(texts.map((fields) => fields.map((t) => analyzer.analyze(t))), F)
        expect(plain(builder.finish())).toEqual(plain(expected))
      }
    })
  }

  it('stops a count at 65,535 while the field length counts on', () => {
    const many = Array.from({ length: 70_000 }, () => '甲')
    const builder = new ForwardBatchBuilder(2)
    builder.add([many, ['乙', '甲']])
    const batch = builder.finish()
    expect(batchTerms(batch)).toEqual(['甲', '乙'])
    expect([...batch.tfs]).toEqual([MAX_TERM_COUNT, 1, 0, 1])
    expect([...batch.fieldLengths]).toEqual([70_000, 2])
    expect(plain(batch)).toEqual(plain(referenceBatch([[many, ['乙', '甲']]], 2)))
  })

  it('gives each prefix of the documents, when finished midway, the batch of that prefix', () => {
    const texts = fieldTexts(readRecords('fixtures/sample/achievements.jsonl'), 'achievement')
    const analysed = texts.map((fields) => fields.map((t) => chars.analyze(t)))
    const builder = new ForwardBatchBuilder(texts[0]!.length)
    texts.forEach((fields, i) => {
      builder.addTexts(fields, chars)
      if (i % 37 === 0 || i === texts.length - 1) expect(plain(builder.finish())).toEqual(plain(referenceBatch(analysed.slice(0, i + 1), fields.length)))
    })
  })

  it('keeps thousands of distinct one- and two-unit terms apart, from a lone unit to its pair', () => {
    const docs: string[][][] = []
    for (let d = 0; d < 40; d++) {
      const fields: string[][] = [[], []]
      for (let i = 0; i < 500; i++) {
        const code = 0x4e00 + ((d * 7919 + i * 104_729) % 20_000)
        fields[i % 2]!.push(String.fromCharCode(code), String.fromCharCode(code, code + 1), String.fromCharCode(0xd800 + (i % 1024), 0xdc00 + d))
        fields[0]!.push(String.fromCharCode(0xd800 + (i % 1024)))
      }
      docs.push(fields)
    }
    const builder = new ForwardBatchBuilder(2)
    for (const fields of docs) builder.add(fields)
    const batch = builder.finish()
    expect(batchTerms(batch).length).toBeGreaterThan(20_000)
    expect(plain(batch)).toEqual(plain(referenceBatch(docs, 2)))
  })

  it('builds the same batch as a Map-based builder for any terms of any length, lone surrogates and pairs included', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 8 }), (docs) => {
        const builder = new ForwardBatchBuilder(FIELD_COUNT)
        for (const fields of docs) builder.add(fields)
        expect(plain(builder.finish())).toEqual(plain(referenceBatch(docs, FIELD_COUNT)))
      }),
    )
  })

  it('take() hands out batches that continue one another: each lists only the terms first met since the previous one, and reads as the batch of its documents', () => {
    /** Per document, its entries as [term, counts…], and its field lengths: the batch in terms of text. */
    const asText = (batch: ForwardBatch, terms: readonly string[]) => {
      const out: unknown[] = []
      for (let d = 0, e = 0; d < batch.docTermCounts.length; d++) {
        const entries: unknown[] = []
        for (const end = e + batch.docTermCounts[d]!; e < end; e++) entries.push([terms[batch.termIds[e]!], ...batch.tfs.subarray(e * FIELD_COUNT, (e + 1) * FIELD_COUNT)])
        out.push(entries, [...batch.fieldLengths.subarray(d * FIELD_COUNT, (d + 1) * FIELD_COUNT)])
      }
      return out
    }
    fc.assert(
      fc.property(
        fc.array(fc.array(doc, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        // Small limits make take() start its term table over, as it does past 2^30 entries.
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        (chunks, restartEntries) => {
          const builder = new ForwardBatchBuilder(FIELD_COUNT, restartEntries)
          let listed: string[] = []
          for (const chunk of chunks) {
            for (const fields of chunk) builder.add(fields)
            const batch = builder.take()
            if (batch.termBase === 0) listed = []
            expect(batch.termBase).toBe(listed.length)
            const fresh = batchTerms(batch)
            for (const t of fresh) expect(listed).not.toContain(t)
            listed = [...listed, ...fresh]
            expect(asText(batch, listed)).toEqual(asText(referenceBatch(chunk, FIELD_COUNT), batchTerms(referenceBatch(chunk, FIELD_COUNT))))
          }
        },
      ),
    )
  })

  it('builds from any text the batch a Map-based builder makes from analyze(), words and characters', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (docs) => {
        for (const analyzer of [words, chars]) {
          const builder = new ForwardBatchBuilder(2)
          for (const fields of docs) builder.addTexts(fields, analyzer)
          const expected = referenceBatch(docs.map((fields) => fields.map((t) => analyzer.analyze(t))), 2)
          expect(plain(builder.finish())).toEqual(plain(expected))
        }
      }),
    )
  })

  it('rejects a document with the wrong number of fields', () => {
    const builder = new ForwardBatchBuilder(2)
    expect(() => builder.add([['a']])).toThrowError(expect.objectContaining({ code: 'INTERNAL', message: 'invariant failed: expected 2 fields, got 1' }) as Error)
  })
})
