import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { createPhraseMatcher, isAllCjk, isAllCjkIn, isPlainTerm, scan } from './scan.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'

function segments(text: string, phrases?: readonly string[]): string[] {
  const matcher = createPhraseMatcher()
  for (const phrase of phrases ?? []) matcher.add(phrase)
  const out: string[] = []
  scan(
    text,
    {
      cjk: (start, end) => out.push(`cjk:${text.slice(start, end)}`),
      term: (start, end) => out.push(`term:${text.slice(start, end)}`),
    },
    matcher,
  )
  return out
}

describe('scan', () => {
  it('splits text into CJK runs and whole alphanumeric terms, skipping the rest', () => {
    expect(segments('采用5g技术,pm2.5降低')).toEqual(['cjk:采用', 'term:5g', 'cjk:技术', 'term:pm2.5', 'cjk:降低'])
  })

  it('treats full-width letters and digits, accented and Greek letters as term characters', () => {
    expect(segments('５Ｇ和é\u0301a α-淀粉酶')).toEqual(['term:５Ｇ', 'cjk:和', 'term:é\u0301a', 'term:α', 'cjk:淀粉酶'])
  })

  it('matches phrases longest first, at term starts and CJK characters', () => {
    expect(segments('304不锈钢和不锈钢管', ['304不锈钢', '不锈钢管', '不锈钢'])).toEqual(['term:304不锈钢', 'cjk:和', 'term:不锈钢管'])
  })

  it('does not end a phrase inside a term', () => {
    expect(segments('尼龙660', ['尼龙66'])).toEqual(['cjk:尼龙', 'term:660'])
    expect(segments('c++编程', ['c++'])).toEqual(['term:c++', 'cjk:编程'])
  })
})

describe('isPlainTerm', () => {
  it('is true only for words the scan keeps whole as one term', () => {
    expect(['5g', 'pm2.5', '1-mcp', 'yolov5'].map(isPlainTerm)).toEqual([true, true, true, true])
    expect(['304不锈钢', 'c++', 'gb/t', 'machine learning', '石墨烯', 'a-'].map(isPlainTerm)).toEqual([false, false, false, false, false, false])
  })
})

describe('isAllCjk', () => {
  it('is true for ideographs, kana and hangul only', () => {
    expect(['石墨烯', '𠀀字', 'カタカナ', '한국어'].map(isAllCjk)).toEqual([true, true, true, true])
    expect(['', '304不锈钢', '石墨烯 ', '，'].map(isAllCjk)).toEqual([false, false, false, false])
  })
})

describe('scan helpers without slices', () => {
  it('isAllCjkIn(text, start, end) === isAllCjk(text.slice(start, end)) for any offsets', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1)
        const end = b % (text.length + 2) - 1
        expect(isAllCjkIn(text, start, end)).toBe(isAllCjk(end < start ? '' : text.slice(start, end)))
      }),
      { numRuns: 3000 },
    )
  })

  it('classifies every BMP ideograph as CJK (the scanner takes them without classifying)', () => {
    for (let c = 0x4e00; c <= 0x9fff; c++) if (!isAllCjk(String.fromCharCode(c))) expect.fail(`U+${c.toString(16)}`)
  })

  it('occursIn says whether forEachMatch finds an entry at some index of the range', () => {
    const entries = fc.array(fc.oneof(fc.constantFrom('石墨烯', '墨烯', '热原', '304不锈钢', 'c++', '生物质'), fc.string({ minLength: 1, maxLength: 4 })), { maxLength: 8 })
    fc.assert(
      fc.property(entries, mixedText, fc.nat(), fc.nat(), (list, text, a, b) => {
        const matcher = createPhraseMatcher()
        for (const entry of list) matcher.add(entry)
        const start = a % (text.length + 1)
        const end = start + (b % (text.length - start + 1))
        let found = false
        for (let i = start; i < end; i++) {
          matcher.forEachMatch(text, i, end, () => (found = true))
        }
        expect(matcher.occursIn(text, start, end)).toBe(found)
        for (const entry of list) {
          const c = entry.charCodeAt(0)
          expect(((matcher.firstBits[c >>> 5] as number) >>> (c & 31)) & 1).toBe(1)
          expect(matcher.startsWith(c)).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
