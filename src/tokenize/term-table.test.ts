import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyText } from '../../test/helpers/arbitraries.js'
import { MatchError } from '../errors.js'
import { PackedTermTable, TermTable } from './term-table.js'

describe('TermTable', () => {
  it('gives the same ids as a Map of first appearances, looking terms up by substring, through every rehash', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, fc.nat(), fc.nat()), { maxLength: 300 }), (pieces) => {
        const table = new TermTable()
        const model = new Map<string, number>()
        for (const [text, a, b] of pieces) {
          const start = text.length === 0 ? 0 : a % (text.length + 1)
          const end = start + (text.length === start ? 0 : b % (text.length - start + 1))
          const term = text.slice(start, end)
          const expected = model.get(term) ?? -1
          expect(table.idOf(text, start, end)).toBe(expected)
          if (expected < 0) model.set(term, model.size)
          expect(table.intern(text, start, end)).toBe(model.get(term))
        }
        expect(table.size).toBe(model.size)
        expect(table.list()).toEqual([...model.keys()])
        for (const [term, id] of model) expect(table.term(id)).toBe(term)
      }),
    )
  })

  it('holds many terms: 100,000 distinct strings keep their ids', () => {
    const table = new TermTable()
    for (let i = 0; i < 100_000; i++) expect(table.intern(`词${i}`)).toBe(i)
    for (let i = 0; i < 100_000; i += 997) expect(table.idOf(`x词${i}y`, 1, 1 + `词${i}`.length)).toBe(i)
    expect(table.idOf('词100000')).toBe(-1)
  })

  it('from(terms) and a PackedTermTable of the same terms give the ids of interning them one by one, and from() keeps interning alike', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyText, { maxLength: 300 }), fc.array(anyText, { maxLength: 20 }), (terms, more) => {
        const model = new TermTable()
        for (const term of terms) model.intern(term)
        const table = TermTable.from(terms)
        const offsets = new Uint32Array(terms.length + 1)
        terms.forEach((term, i) => (offsets[i + 1] = offsets[i]! + term.length))
        const packed = new PackedTermTable(terms.join(''), offsets)
        expect(table.size).toBe(terms.length)
        expect(packed.size).toBe(terms.length)
        terms.forEach((term, id) => {
          expect(table.idOf(term)).toBe(id)
          expect(packed.idOf(`<${term}>`, 1, 1 + term.length)).toBe(id)
          expect(packed.term(id)).toBe(term)
        })
        for (const text of more) expect(packed.idOf(text)).toBe(model.idOf(text))
        expect(packed.toTermTable().list()).toEqual(terms)
        for (const text of more) expect(table.intern(text)).toBe(model.intern(text))
        expect(table.list()).toEqual(model.list())
      }),
    )
  })

  it('refuses repeated terms in from(terms) and PackedTermTable with MatchError INTERNAL', () => {
    expect(() => TermTable.from(['a', 'b', 'a'])).toThrow(MatchError)
    expect(() => new PackedTermTable('abab', new Uint32Array([0, 1, 2, 4]))).not.toThrow()
    expect(() => new PackedTermTable('abab', new Uint32Array([0, 2, 4]))).toThrow(/distinct/)
    expect(() => new PackedTermTable('ab', new Uint32Array([0, 1]))).toThrow(/span/)
  })
})
