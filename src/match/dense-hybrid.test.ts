import { beforeAll, describe, expect, it } from 'vitest'
import { buildIndex } from '../index/document-index.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Achievement, Need } from '../types.js'
import { loadMini } from '../../test/helpers/mini.js'
import { createMatcher } from './matcher.js'

let achievements: Achievement[]
let need: Need

/** A seeded unit-ish vector per id, so every record has a distinct direction. */
function vectorOf(seed: number, dimension = 16): number[] {
  let x = seed * 2654435761
  return Array.from({ length: dimension }, () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648 - 0.5
  })
}

beforeAll(async () => {
  const mini = await loadMini()
  // The battery achievement A07 gets the same vector as the kiwifruit need: the embedding
  // service "knows" they belong together, the text does not.
  achievements = mini.achievements.map((a, i) => ({ ...a, vector: a.id === 'A07' ? vectorOf(999) : vectorOf(i + 1) }))
  need = { ...mini.needs[1]!, vector: vectorOf(999) }
})

describe('dense hybrid', () => {
  it('lifts the record whose vector matches the need, with weighted fusion and with RRF', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() })
    const textOnly = createMatcher(index, { dense: { weight: 0 } }).match(need).map((r) => r.id)
    expect(textOnly.indexOf('A07')).toBe(-1)
    for (const fusion of ['weighted', 'rrf'] as const) {
      const results = createMatcher(index, { dense: { weight: 1, fusion } }).match(need, { explain: true })
      expect(results.map((r) => r.id)).toContain('A07')
      // Weighted: cosine 1 × the best text score puts it beside the best text match. RRF ranks it
      // below records present in both rankings (it is in the dense one only), but brings it in.
      if (fusion === 'weighted') expect(results.findIndex((r) => r.id === 'A07')).toBeLessThan(3)
      for (const r of results) expect(r.explanation!.value).toBeCloseTo(r.score, 9)
    }
  })

  it('is inert when the query has no vector', () => {
    const index = buildIndex(achievements, { kind: 'achievement', analyzer: createAnalyzer() })
    const { vector: _, ...plain } = need
    const a = createMatcher(index).match(plain).map((r) => [r.id, r.score])
    const b = createMatcher(index, { dense: { weight: 0 } }).match(plain).map((r) => [r.id, r.score])
    expect(a).toEqual(b)
  })

  it('rejects an unknown fusion', () => {
    const index = buildIndex(achievements.slice(0, 2), { kind: 'achievement', analyzer: createAnalyzer() })
    expect(() => createMatcher(index, { dense: { fusion: 'max' as 'rrf' } })).toThrow(`invalid dense.fusion: "max", must be 'weighted' or 'rrf'`)
  })
})
