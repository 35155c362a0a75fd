import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bm25, fieldTermFreq, idf, toBm25Params } from './bm25.js'

const stats = fc.record({
  termFreq: fc.integer({ min: 0, max: 1000 }),
  fieldLength: fc.integer({ min: 1, max: 5000 }),
  avgFieldLength: fc.double({ min: 0.5, max: 5000, noNaN: true }),
  docCount: fc.integer({ min: 1, max: 1_000_000 }),
  k1: fc.double({ min: 0, max: 3, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  weight: fc.double({ min: 0, max: 10, noNaN: true }),
})
const score = (s: { termFreq: number; fieldLength: number; avgFieldLength: number; k1: number; b: number; weight: number }, docFreq: number, docCount: number) =>
  bm25(fieldTermFreq(s.termFreq, s.fieldLength, s.avgFieldLength, s.weight, s.b), idf(docFreq, docCount), s.k1)

describe('bm25', () => {
  it('is finite and non-negative', () => {
    fc.assert(fc.property(stats, fc.nat(), (s, df) => {
      const docFreq = Math.min(df, s.docCount)
      const v = score(s, docFreq, s.docCount)
      return Number.isFinite(v) && v >= 0
    }))
  })
  it('is non-decreasing in termFreq', () => {
    fc.assert(fc.property(stats, (s) => score(s, 1, s.docCount) <= score({ ...s, termFreq: s.termFreq + 1 }, 1, s.docCount) + 1e-12))
  })
  it('is non-increasing in fieldLength', () => {
    fc.assert(fc.property(stats, (s) => score({ ...s, fieldLength: s.fieldLength + 1 }, 1, s.docCount) <= score(s, 1, s.docCount) + 1e-12))
  })
  it('is non-increasing in docFreq', () => {
    fc.assert(fc.property(stats, fc.nat(), (s, df) => {
      const docFreq = Math.min(df, s.docCount - 1)
      return score(s, docFreq + 1, s.docCount) <= score(s, docFreq, s.docCount) + 1e-12
    }))
  })
  it('regression: stays non-decreasing in termFreq for a subnormal field weight with k1 = 0', () => {
    const s = { termFreq: 30, fieldLength: 1, avgFieldLength: 0.5, docCount: 1, k1: 0, b: 0, weight: 2e-323 }
    expect(score({ ...s, termFreq: 31 }, 1, 1)).toBeGreaterThanOrEqual(score(s, 1, 1))
  })
  it('equals the classic single-field formula', () => {
    // tf=2, len=10, avg=5, k1=1.2, b=0.75, df=1, N=10:
    // idf = ln(1 + 9.5/1.5) = ln(7.3333); norm = 1 - .75 + .75*2 = 1.75
    // bm25 = idf * 2*2.2 / (2 + 1.2*1.75) = idf * 4.4/4.1
    expect(bm25(fieldTermFreq(2, 10, 5, 1, 0.75), idf(1, 10), 1.2)).toBeCloseTo(Math.log(1 + 9.5 / 1.5) * (4.4 / 4.1), 12)
  })
})

describe('toBm25Params', () => {
  it('fills defaults', () => {
    expect(toBm25Params()).toEqual({ k1: 1.2, b: 0.75 })
  })
  it('rejects b outside [0, 1] naming the value', () => {
    expect(() => toBm25Params({ b: 1.4 })).toThrow('invalid bm25.b: 1.4, must be within [0, 1]')
    try {
      toBm25Params({ k1: -1 })
    } catch (e) {
      expect((e as { code: string }).code).toBe('INVALID_OPTION')
    }
  })
})
