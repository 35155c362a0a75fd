import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildIndex } from '../index/document-index.js'
import { fromSnapshot, toSnapshot } from '../index/snapshot.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { Achievement, Need } from '../types.js'
import { loadSample } from '../../test/helpers/mini.js'
import { createMatcher } from './matcher.js'
import { rankAll as rankEvery, ranking } from '../../test/helpers/ranking.js'

let analyzer: Analyzer
let achievements: Achievement[]
let needs: Need[]

beforeAll(async () => {
  analyzer = createAnalyzer()
  const sample = await loadSample()
  achievements = sample.achievements
  needs = [...sample.needs, ...sample.hardNeeds]
})

const rankAll = (index: ReturnType<typeof buildIndex>, subset = needs) => rankEvery(index, subset)

describe('createMatcher', () => {
  it('ranks every need identically after snapshot save, JSON round trip and load', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer })
    const loaded = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(index))), analyzer)
    expect(rankAll(loaded)).toEqual(rankAll(index))
  })

  it('ranks identically whatever the order the records were indexed in', () => {
    const reference = rankAll(buildIndex(achievements, { kind: 'achievement', analyzer }), needs.slice(0, 12))
    fc.assert(
      fc.property(fc.shuffledSubarray(achievements, { minLength: achievements.length, maxLength: achievements.length }), (shuffled) => {
        expect(rankAll(buildIndex(shuffled, { kind: 'achievement', analyzer }), needs.slice(0, 12))).toEqual(reference)
      }),
      { numRuns: 8 },
    )
  })

  it('after removing and re-adding records, ranks as an index built from the final set', () => {
    fc.assert(
      fc.property(fc.subarray(achievements, { minLength: 1 }), fc.subarray(achievements), (removed, readded) => {
        const index = buildIndex(achievements, { kind: 'achievement', analyzer })
        for (const a of removed) index.remove(a.id)
        for (const a of readded) index.add(a)
        const finalIds = new Set(achievements.map((a) => a.id))
        for (const a of removed) finalIds.delete(a.id)
        for (const a of readded) finalIds.add(a.id)
        // Extracted keywords of records added one by one use the statistics of their moment;
        // compare the text channel, which depends only on the final statistics.
        const textOnly = (i: ReturnType<typeof buildIndex>) =>
          needs.slice(0, 12).map((n) => ranking(createMatcher(i, { channels: { keywords: 0 } }).match(n, { topK: 20 })))
        const fresh = buildIndex(achievements.filter((a) => finalIds.has(a.id)), { kind: 'achievement', analyzer })
        expect(textOnly(index)).toEqual(textOnly(fresh))
      }),
      { numRuns: 10 },
    )
  })

  it('returns identical results with and without early termination, for any topK, hard constraints and filters', () => {
    const matcher = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer }))
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: needs.length - 1 }),
        fc.integer({ min: 0, max: 30 }),
        fc.subarray(['maturity', 'cooperation', 'budget', 'region'] as const),
        fc.option(fc.constantFrom('陕西省', '广西壮族自治区', '新疆维吾尔自治区'), { nil: undefined }),
        (i, topK, hard, region) => {
          const options = { topK, hard, ...(region ? { filters: { region } } : {}) }
          const early = matcher.match(needs[i]!, options)
          const full = matcher.match(needs[i]!, { ...options, exhaustive: true })
          expect(ranking(early)).toEqual(ranking(full))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('rank() gives the ids and scores of match(), in the same order', () => {
    const matcher = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer }))
    for (const n of needs) {
      expect(matcher.rank(n, { topK: 15 })).toEqual(matcher.match(n, { topK: 15 }).map((r) => ({ id: r.id, score: r.score })))
    }
  })

  it('never mutates the records it indexes or the query', () => {
    const copy = JSON.parse(JSON.stringify(achievements))
    const need = JSON.parse(JSON.stringify(needs[0]))
    createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer })).match(needs[0]!)
    expect(achievements).toEqual(copy)
    expect(needs[0]).toEqual(need)
  })

  it('rejects bad options naming the value', () => {
    const index = buildIndex(achievements.slice(0, 3), { kind: 'achievement', analyzer })
    expect(() => createMatcher(index, { bm25: { b: 1.4 } })).toThrow('invalid bm25.b: 1.4, must be within [0, 1]')
    expect(() => createMatcher(index, { channels: { chars: -1 } })).toThrow('invalid channels.chars: -1')
    expect(() => createMatcher(index).match(needs[0]!, { topK: 1.5 })).toThrow('invalid topK: 1.5')
  })

  it('gives every result a 匹配度 in [0, 100] with the band of its value', () => {
    const matcher = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer }))
    for (const n of needs) {
      for (const r of matcher.match(n)) {
        expect(r.matchScore).toBeGreaterThanOrEqual(0)
        expect(r.matchScore).toBeLessThanOrEqual(100)
        expect(r.band).toBe(r.matchScore >= 80 ? '高度匹配' : r.matchScore >= 60 ? '较好匹配' : r.matchScore >= 40 ? '一般匹配' : '弱相关')
      }
    }
  })

  it('explains a constraint penalty exactly when a constraint was missed, and otherwise adds up to the score', () => {
    // The score is summed posting by posting and the explanation term by term: their ratio is
    // off 1 by rounding, which must not show as a penalty of 0.9999999999999993 with nothing missed.
    const matcher = createMatcher(buildIndex(achievements, { kind: 'achievement', analyzer }))
    let penalised = 0
    let clean = 0
    for (const n of needs) {
      for (const r of matcher.match(n, { explain: true })) {
        const missed = r.constraints.some((c) => c.status === 'missed')
        const node = r.explanation!.details.find((d) => d.description.startsWith('constraint penalties'))
        expect(node !== undefined).toBe(missed)
        if (node) {
          expect(node.value).toBeLessThan(1)
          expect(r.explanation!.value).toBe(r.score)
          penalised++
        } else {
          expect(Math.abs(r.explanation!.value - r.score)).toBeLessThanOrEqual(1e-12 * r.score)
          clean++
        }
      }
    }
    // Both kinds occur in the sample.
    expect(penalised).toBeGreaterThan(0)
    expect(clean).toBeGreaterThan(0)
  })
})
