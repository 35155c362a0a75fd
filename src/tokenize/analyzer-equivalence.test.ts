/**
 * The analyzers' fast paths (table-driven normalize and its memo, the stopword check on offsets,
 * the forced-word pre-check, the search-mode part memo, the scanner's ideograph shortcut) give
 * what the plain pipeline gives: full normalize → tokenizer → `Set.has` stopword filter.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { createAnalyzer } from './analyzer.js'
import type { Analyzer } from './analyzer-types.js'
import { createJiebaTokenizer } from './jieba.js'
import { createNgramTokenizer } from './ngram.js'
import { normalizeFully } from './normalize.js'
import { createStopwordSet } from './stopwords.js'
import type { Token, Tokenizer } from './tokenizer.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'

interface Case {
  readonly name: string
  readonly analyzer: Analyzer
  readonly tokenizer: Tokenizer
  readonly stopwords: ReadonlySet<string>
}

let cases: Case[]
beforeAll(() => {
  const stopwords = createStopwordSet()
  cases = [
    { name: 'word', analyzer: createAnalyzer(), tokenizer: createJiebaTokenizer({ searchMode: true }), stopwords },
    {
      name: 'char',
      analyzer: createAnalyzer({ tokenizer: createNgramTokenizer({ n: 2, minN: 1 }) }),
      tokenizer: createNgramTokenizer({ n: 2, minN: 1 }),
      stopwords,
    },
    {
      name: 'word, extra stopwords',
      analyzer: createAnalyzer({ stopwords: ['石墨烯', '热障涂层材料制备方法', 'pm2.5'], recordKind: 'need' }),
      tokenizer: createJiebaTokenizer({ searchMode: true }),
      stopwords: createStopwordSet({ extra: ['石墨烯', '热障涂层材料制备方法', 'pm2.5'], recordKind: 'need' }),
    },
  ]
})

/** The plain pipeline. */
function reference(c: Case, text: string): { normalized: string; tokens: Token[] } {
  const normalized = normalizeFully(text)
  return { normalized, tokens: c.tokenizer.tokenize(normalized).filter((token) => !c.stopwords.has(token.text)) }
}

function check(c: Case, text: string): void {
  const expected = reference(c, text)
  const emitted: Token[] = []
  c.analyzer.forEachTerm?.(text, (source, start, end) => {
    expect(source).toBe(expected.normalized)
    emitted.push({ text: source.slice(start, end), start, end, position: 0 })
  })
  const strip = (tokens: Token[]): unknown[] => tokens.map(({ text: t, start, end }) => [t, start, end])
  expect(strip(emitted), c.name).toEqual(strip(expected.tokens))
  expect(c.analyzer.analyze(text), c.name).toEqual(expected.tokens.map((token) => token.text))
  expect(c.analyzer.tokens(text), c.name).toEqual(expected.tokens)
}

// Chinese record text as the indexes see it: sentences of domain words and punctuation.
const recordText = fc
  .array(
    fc.constantFrom(
      '本发明公开了一种', '石墨烯改性', '热障涂层材料', '的制备方法', '，', '。', '、', '（', '）', '304不锈钢', '海洋防腐涂料', '加热原料',
      '生物质量', '测热原', '大数据', '人工智能', 'ＣＯ₂捕集', '30℃', ' ', 'PM2.5', '技术转让', '我们公司想找', '石墨', '烯', '①', '\u200b',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''))

describe('analyzers: fast paths give the plain pipeline’s terms', () => {
  it('forEachTerm, analyze and tokens equal full normalize → tokenizer → Set.has filter (record-like text)', () => {
    fc.assert(
      fc.property(recordText, (text) => {
        for (const c of cases) check(c, text)
      }),
      { numRuns: 500 },
    )
  })

  it('the same on mixed and arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(mixedText, anyText), (text) => {
        for (const c of cases) check(c, text)
      }),
      { numRuns: 1000 },
    )
  })

  it('the same when one text is analysed repeatedly and by both analyzers in turn (the normalize memo)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(recordText, mixedText), { minLength: 1, maxLength: 12 }), (fields) => {
        for (let round = 0; round < 2; round++) for (const c of cases) for (const text of fields) check(c, text)
      }),
      { numRuns: 100 },
    )
  })
})

describe('forEachShortTerm: the terms of forEachTerm, short grams by their code units', () => {
  /** The terms as strings, and whether each came by code units (unit/pair) or by offsets. */
  function shortTerms(analyzer: Analyzer, text: string): { terms: string[]; byUnits: number } {
    const terms: string[] = []
    let byUnits = 0
    analyzer.forEachShortTerm!(text, {
      unit(code) {
        terms.push(String.fromCharCode(code))
        byUnits++
      },
      pair(key) {
        terms.push(String.fromCharCode(key >>> 16, key & 0xffff))
        byUnits++
      },
      term(normalized, start, end) {
        terms.push(normalized.slice(start, end))
      },
    })
    return { terms, byUnits }
  }

  const gramAnalyzers = (): { name: string; analyzer: Analyzer }[] =>
    [
      { n: 2, minN: 1 },
      { n: 2, minN: 2 },
      { n: 1, minN: 1 },
    ].flatMap(({ n, minN }) => [
      { name: `ngram ${minN}-${n}`, analyzer: createAnalyzer({ tokenizer: createNgramTokenizer({ n, minN }) }) },
      // Stopwords of one and two units, a surrogate pair among them, and none at all.
      { name: `ngram ${minN}-${n}, extra stopwords`, analyzer: createAnalyzer({ tokenizer: createNgramTokenizer({ n, minN }), stopwords: ['石', '墨烯', 'ab', '𠀀', '5g'] }) },
      { name: `ngram ${minN}-${n}, no stopwords`, analyzer: createAnalyzer({ tokenizer: createNgramTokenizer({ n, minN }), stopwords: false }) },
    ])

  it('gives forEachTerm’s terms in the same order for grams of at most two characters, with and without stopwords', () => {
    const analyzers = gramAnalyzers()
    fc.assert(
      fc.property(fc.oneof(recordText, mixedText, anyText), (text) => {
        for (const { name, analyzer } of analyzers) {
          const expected: string[] = []
          analyzer.forEachTerm!(text, (normalized, start, end) => expected.push(normalized.slice(start, end)))
          expect(shortTerms(analyzer, text).terms, name).toEqual(expected)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('hands the grams of a CJK run over by their code units, and only analyzers of grams up to two characters have it', () => {
    const analyzer = createAnalyzer({ tokenizer: createNgramTokenizer({ n: 2, minN: 1 }), stopwords: false })
    // 石墨烯: 石 石墨 墨 墨烯 烯 by units; 5g by offsets.
    expect(shortTerms(analyzer, '石墨烯 5G')).toEqual({ terms: ['石', '石墨', '墨', '墨烯', '烯', '5g'], byUnits: 5 })
    expect(createAnalyzer({ tokenizer: createNgramTokenizer({ n: 3 }) }).forEachShortTerm).toBeUndefined()
    expect(createAnalyzer().forEachShortTerm).toBeUndefined()
  })
})
