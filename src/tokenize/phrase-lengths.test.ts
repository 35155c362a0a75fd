import { describe, expect, it } from 'vitest'
import { cutsAlnumRun, PhraseLengths } from './phrase-lengths.js'

describe('PhraseLengths', () => {
  it('gives the lengths of the phrases under the prefix at a position, 0 where none starts', () => {
    const lengths = new PhraseLengths(2)
    for (const phrase of ['石墨烯', '石墨烯薄膜', '石墨', '锂电池']) lengths.note(phrase)
    const text = '一种石墨烯锂电池'
    expect(lengths.at(text, 2)).toBe((1 << 2) | (1 << 3) | (1 << 5))
    expect(lengths.at(text, 5)).toBe(1 << 3)
    expect(lengths.at(text, 0)).toBe(0)
    expect(lengths.at(text, 3)).toBe(0)
  })

  it('keeps every prefix’s mask as its table grows', () => {
    const lengths = new PhraseLengths(2)
    const phrases = Array.from({ length: 500 }, (_, i) => String.fromCharCode(0x4e00 + i, 0x4e00 + 2 * i) + '材料'.slice(0, i % 3))
    for (const phrase of phrases) lengths.note(phrase)
    for (const phrase of phrases) expect(lengths.at(phrase, 0)).toBe(1 << phrase.length)
  })
})

describe('cutsAlnumRun', () => {
  it('is true only between two ASCII letters or digits', () => {
    const text = 'igbt模块100a'
    // i g b t 模 块 1 0 0 a
    expect([...Array(text.length + 1).keys()].filter((at) => cutsAlnumRun(text, at))).toEqual([1, 2, 3, 7, 8, 9])
  })
})
