import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { topK, type Scored } from './rank.js'

const candidates = fc
  .uniqueArray(fc.record({ id: fc.stringMatching(/^[A-C][0-9]{1,2}$/), score: fc.constantFrom(0.5, 1, 1, 2, 3.25) }), { selector: (c) => c.id, maxLength: 40 })
  .map((list) => list.map((c, docIndex): Scored => ({ ...c, docIndex })))

const reference = (list: Scored[], k: number) =>
  [...list].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, k)

describe('topK', () => {
  it('equals a full sort by score desc then id asc', () => {
    fc.assert(fc.property(candidates, fc.nat(45), (list, k) => {
      expect(topK(list, k)).toEqual(reference(list, k))
    }))
  })
  it('is invariant under input order', () => {
    fc.assert(fc.property(candidates, fc.nat(45), fc.nat(), (list, k, seed) => {
      const shuffled = [...list].sort((a, b) => ((a.docIndex * 7919 + seed) % 101) - ((b.docIndex * 7919 + seed) % 101))
      expect(topK(shuffled, k)).toEqual(topK(list, k))
    }))
  })
  it('topK(k) is a prefix of topK(k + 1)', () => {
    fc.assert(fc.property(candidates, fc.nat(45), (list, k) => {
      expect(topK(list, k + 1).slice(0, k)).toEqual(topK(list, k))
    }))
  })
})
