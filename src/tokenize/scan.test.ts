import { describe, expect, it } from 'vitest'

import { createPhraseMatcher, isAllCjk, isPlainTerm, scan } from './scan.js'

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
