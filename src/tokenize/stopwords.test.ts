import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { loadDomainDictionary } from './domain-dictionary.js'
import { normalize } from './normalize.js'
import {
  ACHIEVEMENT_BOILERPLATE,
  createStopwordCheck,
  createStopwordSet,
  EXPERT_BOILERPLATE,
  NEED_BOILERPLATE,
  removeStopwords,
  STOPWORDS,
} from './stopwords.js'

describe('stopword sets', () => {
  it('hold function words and each record type’s boilerplate', () => {
    for (const word of ['的', '了', '和', '通过', 'the', '技术', '方法']) expect(STOPWORDS.has(word), word).toBe(true)
    for (const word of ['一种', '本发明', '公开了', '涉及', '本成果', '该技术', '提供', '所述']) expect(ACHIEVEMENT_BOILERPLATE.has(word), word).toBe(true)
    for (const word of ['我们', '公司', '我厂', '想找', '希望', '需要', '寻求', '急需', '目前', '一直', '效果不好']) {
      expect(NEED_BOILERPLATE.has(word) || STOPWORDS.has(word), word).toBe(true)
    }
    for (const word of ['主持', '参与', '发表', '论文']) expect(EXPERT_BOILERPLATE.has(word), word).toBe(true)
  })

  it('keep every domain dictionary term out', () => {
    const stopwords = createStopwordSet()
    expect(loadDomainDictionary().filter((term) => stopwords.has(term))).toEqual([])
  })

  it('are stored normalized', () => {
    for (const set of [STOPWORDS, ACHIEVEMENT_BOILERPLATE, NEED_BOILERPLATE, EXPERT_BOILERPLATE]) {
      for (const word of set) expect(normalize(word)).toBe(word)
    }
  })
})

describe('createStopwordSet', () => {
  it('adds all boilerplate by default, or one record type’s', () => {
    expect(createStopwordSet().has('本发明') && createStopwordSet().has('我厂') && createStopwordSet().has('论文')).toBe(true)
    const needs = createStopwordSet({ recordKind: 'need' })
    expect([needs.has('我厂'), needs.has('本发明'), needs.has('论文'), needs.has('的')]).toEqual([true, false, false, true])
  })

  it('adds extra words, normalized', () => {
    expect(createStopwordSet({ extra: ['ＸＹＺ', ' 示范 '] })).toEqual(expect.any(Set))
    const set = createStopwordSet({ extra: ['ＸＹＺ', ' 示范 ', ''] })
    expect([set.has('xyz'), set.has('示范'), set.has('')]).toEqual([true, true, false])
  })
})

describe('removeStopwords', () => {
  it('keeps the other terms in order, repeats included', () => {
    expect(removeStopwords(['本发明', '石墨烯', '的', '石墨烯', '涂层'], createStopwordSet())).toEqual(['石墨烯', '石墨烯', '涂层'])
  })
})

describe('createStopwordCheck', () => {
  it('answers as Set.has on the slice, for any substring of any text', () => {
    const words = fc.array(fc.oneof(fc.constantFrom(...STOPWORDS), fc.string({ maxLength: 10 }), fc.string({ minLength: 8, maxLength: 12 })), { maxLength: 30 })
    fc.assert(
      fc.property(words, fc.array(fc.oneof(fc.constantFrom(...STOPWORDS), fc.string({ maxLength: 10 })), { maxLength: 20 }), (extra, pieces) => {
        const set = createStopwordSet({ extra })
        for (const word of extra) set.add(word) // raw too: lengths 8 and more, the empty string
        const isStopword = createStopwordCheck(set)
        const text = [...pieces, ...extra].join('')
        for (let start = 0; start <= text.length; start++) {
          for (let end = start - 1; end <= Math.min(text.length, start + 13); end++) {
            expect(isStopword(text, start, end)).toBe(end < start ? false : set.has(text.slice(start, end)))
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it('finds stopwords inside a longer text and leaves other tokens', () => {
    const isStopword = createStopwordCheck(createStopwordSet())
    const text = '本发明公开了一种石墨烯'
    expect(isStopword(text, 0, 3)).toBe(true) // 本发明
    expect(isStopword(text, 3, 6)).toBe(true) // 公开了
    expect(isStopword(text, 6, 8)).toBe(true) // 一种
    expect(isStopword(text, 8, 11)).toBe(false) // 石墨烯
    expect(isStopword(text, 0, 1)).toBe(true) // 本
  })
})
