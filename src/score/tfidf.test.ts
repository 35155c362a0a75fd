import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cosine, tfidf, toUnitVector } from './tfidf.js'

const vector = fc
  .uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 20 })
  .chain((ids) => fc.tuple(fc.constant(ids), fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: ids.length, maxLength: ids.length })))
  .map(([ids, ws]) => toUnitVector(ids, ws))

describe('cosine', () => {
  it('is within [0, 1] and symmetric', () => {
    fc.assert(fc.property(vector, vector, (a, b) => {
      const c = cosine(a, b)
      return c >= 0 && c <= 1 && Math.abs(c - cosine(b, a)) < 1e-9
    }))
  })
  it('is 1 for a non-empty vector with itself', () => {
    fc.assert(fc.property(vector, (a) => a.termIds.length === 0 || Math.abs(cosine(a, a) - 1) < 1e-5))
  })
  it('is 0 for disjoint vectors', () => {
    expect(cosine(toUnitVector([1, 2], [1, 1]), toUnitVector([3], [2]))).toBe(0)
  })
})

describe('tfidf', () => {
  it('is sub-linear and never negative', () => {
    expect(tfidf(1, 2)).toBe(2)
    expect(tfidf(Math.E, 1)).toBeCloseTo(2, 12)
    expect(tfidf(0.5, 2)).toBe(1)
    expect(tfidf(0, 5)).toBe(0)
  })
})
