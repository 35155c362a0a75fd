import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSample } from '../../test/helpers/mini.js'
import { rankAll } from '../../test/helpers/ranking.js'
import type { Achievement, Need } from '../types.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import { buildIndex, DocumentIndex } from './document-index.js'
import { fieldText } from './fields.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

let achievements: Achievement[]
let needs: Need[]
beforeAll(async () => {
  const sample = await loadSample()
  achievements = sample.achievements
  needs = sample.needs.slice(0, 6)
})

describe('DocumentIndex.addAll', () => {
  it('builds the same index as adding the records one by one, repeated ids included: statistics, keywords and rankings', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 20 }), (picks, more) => {
        // Ids repeat (a later record replaces an earlier one) and some records change text.
        const records = picks.map((p, i) => {
          const a = achievements[p % achievements.length]!
          return i % 7 === 3 ? { ...a, title: `${a.title}改进型` } : a
        })
        // (Extracted keywords off: add() extracts them with the statistics of the moment,
        // addAll() once with the final ones, by design.)
        const bulk = buildIndex(records, { kind: 'achievement', extractedKeywords: 0 })
        const single = new DocumentIndex<Achievement>({ kind: 'achievement', extractedKeywords: 0 })
        for (const r of records) single.add(r)
        // And a second bulk batch on top of a non-empty index.
        const extra = more.map((p) => achievements[p % achievements.length]!)
        bulk.addAll(extra)
        for (const r of extra) single.add(r)

        expect(bulk.size).toBe(single.size)
        expect(bulk.terms.docCount).toBe(single.terms.docCount)
        expect(bulk.chars!.docCount).toBe(single.chars!.docCount)
        for (let f = 0; f < bulk.fieldNames.length; f++) {
          expect(bulk.terms.avgFieldLength(f)).toBeCloseTo(single.terms.avgFieldLength(f), 9)
          expect(bulk.chars!.avgFieldLength(f)).toBeCloseTo(single.chars!.avgFieldLength(f), 9)
        }
        for (const r of single.values()) {
          expect(bulk.get(r.id)).toBe(r)
          const [b, s] = [bulk.docIndexOf(r.id), single.docIndexOf(r.id)]
          const words = (index: DocumentIndex, d: number) => [...index.terms.docTerms(d)!.termIds].map((t) => index.terms.term(t)).sort()
          expect(words(bulk, b)).toEqual(words(single, s))
          expect(bulk.keywords.phrasesOf(b)).toEqual(single.keywords.phrasesOf(s))
        }
        expect(rankAll(bulk, needs)).toEqual(rankAll(single, needs))
      }),
      { numRuns: 15 },
    )
  })
})

describe('the character channel\'s forward entries', () => {
  it('keep the order in which a document met its terms (field by field), in bulk and one by one; word entries ascend', () => {
    const records = achievements.slice(0, 30)
    const bulk = buildIndex(records, { kind: 'achievement' })
    const single = new DocumentIndex<Achievement>({ kind: 'achievement' })
    for (const r of records) single.add(r)
    for (const index of [bulk, single]) {
      expect(index.chars!.orderedForward).toBe(false)
      expect(index.terms.orderedForward).toBe(true)
      for (const r of records) {
        const d = index.docIndexOf(r.id)
        const met = [...new Set(index.fieldNames.flatMap((field) => index.charAnalyzer!.analyze(fieldText(r, field))))]
        expect([...index.chars!.docTerms(d)!.termIds].map((t) => index.chars!.term(t))).toEqual(met)
        const words = [...index.terms.docTerms(d)!.termIds]
        expect(words).toEqual([...words].sort((a, b) => a - b))
      }
    }
  })
})

describe('buildIndex with worker threads', () => {
  it('builds the same index in worker threads as in this thread: term tables, forward index, statistics and rankings', () => {
    // Chunks of 4096 records: repeat the sample so that several chunks go to two workers.
    const records = Array.from({ length: 60 }, (_, c) => achievements.map((a) => ({ ...a, id: `${a.id}-${c}` }))).flat()
    const here = buildIndex(records, { kind: 'achievement', workers: 0 })
    const threads = buildIndex(records, { kind: 'achievement', workers: 2 })
    for (const channel of ['terms', 'chars'] as const) {
      const [a, b] = [here[channel]!, threads[channel]!]
      expect(b.termCount).toBe(a.termCount)
      for (let t = 0; t < a.termCount; t += 7) {
        expect(b.term(t)).toBe(a.term(t))
        expect(b.docFreq(t)).toBe(a.docFreq(t))
      }
      for (let d = 0; d < a.slotCount; d += 13) expect(b.docTerms(d)).toEqual(a.docTerms(d))
    }
    expect(threads.keywords.phrasesOf(5)).toEqual(here.keywords.phrasesOf(5))
    expect(rankAll(threads, needs)).toEqual(rankAll(here, needs))
  }, 120_000)

  it('adds in worker threads to an index that has records already: the same index as adding in this thread', () => {
    // Into a non-empty index the character postings are placed in this thread, and the thread
    // started to invert them is stopped unused.
    const records = Array.from({ length: 3 }, (_, c) => achievements.map((a) => ({ ...a, id: `${a.id}-${c}` }))).flat()
    const [earlier, later] = [records.slice(0, 50), records.slice(50)]
    const here = new DocumentIndex({ kind: 'achievement', workers: 0 })
    const threads = new DocumentIndex({ kind: 'achievement', workers: 2 })
    for (const index of [here, threads]) {
      index.addAll(earlier)
      index.addAll(later)
    }
    for (const channel of ['terms', 'chars'] as const) {
      const [a, b] = [here[channel]!, threads[channel]!]
      expect(b.termCount).toBe(a.termCount)
      for (let d = 0; d < a.slotCount; d += 7) expect(b.docTerms(d)).toEqual(a.docTerms(d))
    }
    expect(rankAll(threads, needs)).toEqual(rankAll(here, needs))
  }, 120_000)

  it('leaves no thread running after bulk adds, used or not: a process that built an index ends by itself', () => {
    // A worker left running keeps its process alive: a CLI job would hang after its work.
    const script = [
      `import { DocumentIndex } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/index/document-index.ts')).href)}`,
      `const records = Array.from({ length: 300 }, (_, i) => ({ id: 'a' + i, title: '防腐涂料' + i, summary: '海洋工程用石墨烯防腐涂料' }))`,
      `const index = new DocumentIndex({ kind: 'achievement', workers: 2 })`,
      `index.addAll(records.slice(0, 100))`, // into an empty index: the inverting thread is used
      `index.addAll(records.slice(100))`, // into a non-empty one: it is not
      `console.log(index.size)`,
    ].join('\n')
    const file = join(mkdtempSync(join(tmpdir(), 'duijie-threads-')), 'build.mts')
    writeFileSync(file, script)
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
    expect(run.error).toBeUndefined() // ETIMEDOUT when a thread kept the process alive
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('300')
    expect(run.status).toBe(0)
  }, 90_000)

  it("builds in worker threads with a user dictionary too: the workers copy the caller's shared dictionary before inserting its words", () => {
    // 喵喵漆 and 防腐喵 are no jieba words: inserting them writes to the dictionary.
    const analyzer = createAnalyzer({ userDictionary: ['喵喵漆', '防腐喵'] })
    expect(analyzer.spec).toBeDefined()
    const records = Array.from({ length: 9000 }, (_, i) => ({ id: `a${i}`, title: i % 3 === 0 ? '喵喵漆防腐喵涂料' : '防腐涂料', summary: '' }))
    const here = buildIndex(records, { kind: 'achievement', analyzer, workers: 0 })
    const threads = buildIndex(records, { kind: 'achievement', analyzer, workers: 2 })
    expect(threads.terms.docFreq(threads.terms.termId('喵喵漆'))).toBe(3000)
    expect(threads.terms.docFreq(threads.terms.termId('防腐喵'))).toBe(3000)
    for (let d = 0; d < records.length; d += 101) expect(threads.terms.docTerms(d)).toEqual(here.terms.docTerms(d))
  }, 120_000)

  it('stays in this thread for an analyzer that cannot be described (words added after creation)', () => {
    const analyzer = createAnalyzer()
    expect(analyzer.spec).toEqual({ type: 'analyzer', options: {} })
    analyzer.addWords(['喵喵漆'])
    expect(analyzer.spec).toBeUndefined()
    const index = buildIndex([{ id: 'a', title: '喵喵漆防腐', summary: '' }], { kind: 'achievement', analyzer, workers: 2 })
    expect(index.terms.termId('喵喵漆')).toBeGreaterThanOrEqual(0)
  })
})
