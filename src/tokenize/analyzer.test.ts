import { fileURLToPath } from 'node:url'

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { DataFormatError, MatchError } from '../errors.js'
import type { Analyzer } from './analyzer-types.js'
import { createAnalyzer, DEFAULT_ANALYZER_OPTIONS, type AnalyzerOptions } from './analyzer.js'
import { normalize } from './normalize.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'
import type { Token, Tokenizer } from './tokenizer.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/dict/${name}`, import.meta.url))

/** Calls `fn`, expecting a MatchError; returns it. */
function catchMatchError(fn: () => unknown): MatchError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(MatchError)
    return error as MatchError
  }
  throw new Error('expected a MatchError')
}

/** A tokenizer of the caller's own: space-separated words, no fast path, no addWords. */
const spaceTokenizer: Tokenizer = {
  name: 'space',
  tokenize(text: string): Token[] {
    const tokens: Token[] = []
    for (const match of text.matchAll(/\S+/g)) {
      tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length, position: tokens.length })
    }
    return tokens
  },
}

let analyzer: Analyzer
beforeAll(() => {
  // Segmentation tests: search mode off, so each term appears once.
  analyzer = createAnalyzer({ searchMode: false })
})

describe('createAnalyzer', () => {
  it('normalizes, segments with jieba and the domain dictionary, and drops stopwords and boilerplate', () => {
    expect(DEFAULT_ANALYZER_OPTIONS).toEqual({ tokenizer: 'jieba', domainDictionary: true, searchMode: true, stopwords: 'default' })
    expect(analyzer.name).toBe('jieba+domain')
    // The default adds search mode: 石墨烯 is followed by its dictionary part 石墨.
    const search = createAnalyzer()
    expect(search.name).toBe('jieba+search+domain')
    expect(search.analyze('本发明公开了一种石墨烯改性的304不锈钢')).toEqual(['石墨烯', '石墨', '改性', '304不锈钢'])
    expect(analyzer.analyze('本发明公开了一种石墨烯改性的304不锈钢')).toEqual(['石墨烯', '改性', '304不锈钢'])
    expect(analyzer.analyze('ＣＯ₂捕集与５Ｇ基站')).toEqual(['co2', '捕集', '5g', '基站'])
    expect(analyzer.analyze('我们公司想找石墨烯涂层技术,效果不好')).toEqual(['石墨烯', '涂层'])
  })

  it('adds only the given record type’s boilerplate with recordKind', () => {
    const needs = createAnalyzer({ recordKind: 'need', searchMode: false })
    expect(needs.name).toBe('jieba+domain+need')
    expect(needs.analyze('本发明涉及我厂的热障涂层')).toEqual(['本发明', '涉及', '热障涂层'])
  })

  it('keeps every term with stopwords: false, and adds extra stopwords to the defaults', () => {
    const all = createAnalyzer({ stopwords: false, searchMode: false })
    expect(all.name).toBe('jieba+domain+nostop')
    expect(all.analyze('石墨烯的涂层')).toEqual(['石墨烯', '的', '涂层'])
    const extra = createAnalyzer({ stopwords: ['涂层'], searchMode: false })
    expect(extra.name).toBe('jieba+domain+stop')
    expect(extra.analyze('石墨烯的涂层')).toEqual(['石墨烯'])
  })

  it('forEachTerm emits exactly the terms of analyze, as substrings of the normalized text, for any text and analyzer', () => {
    const analyzers = [createAnalyzer(), analyzer, createAnalyzer({ tokenizer: 'ngram', stopwords: ['石墨'] })]
    fc.assert(
      fc.property(anyText, fc.nat(analyzers.length - 1), (text, which) => {
        const a = analyzers[which]!
        const emitted: string[] = []
        a.forEachTerm!(text, (normalized, start, end) => {
          expect(normalized).toBe(normalize(text))
          emitted.push(normalized.slice(start, end))
        })
        expect(emitted).toEqual(a.analyze(text))
      }),
      { numRuns: 300 },
    )
  })

  it('returns tokens with offsets into the normalized text and the tokenizer’s positions', () => {
    const text = 'ＹＯＬＯv5的缺陷检测'
    const normalized = normalize(text)
    const tokens = analyzer.tokens(text)
    expect(tokens.map((t) => [t.text, t.position])).toEqual([
      ['yolov5', 0],
      ['缺陷检测', 2],
    ])
    for (const token of tokens) expect(normalized.slice(token.start, token.end)).toBe(token.text)
  })

  it('loads a user dictionary file (BOM + CRLF) so that its words take effect', () => {
    const text = '镓锌氧烯与蜂巢冷凝消雾'
    expect(analyzer.analyze(text)).toEqual(['镓', '锌', '氧', '烯', '蜂巢', '冷凝', '消雾'])
    const withUser = createAnalyzer({ userDictionary: fixture('bom-crlf.txt'), searchMode: false })
    expect(withUser.name).toBe('jieba+domain+user')
    expect(withUser.analyze(text)).toEqual(['镓锌氧烯', '蜂巢冷凝消雾'])
  })

  it('takes user words as an array, and addWords later', () => {
    const withWords = createAnalyzer({ domainDictionary: false, userDictionary: ['锂镧锆氧'], searchMode: false })
    expect(withWords.name).toBe('jieba+user')
    expect(withWords.analyze('锂镧锆氧电解质')).toEqual(['锂镧锆氧', '电解质'])
    withWords.addWords(['钒液流储热'])
    expect(withWords.analyze('钒液流储热')).toEqual(['钒液流储热'])
  })

  it('wraps a user dictionary that cannot be read as TOKENIZER_INIT, keeping the cause', () => {
    const missing = catchMatchError(() => createAnalyzer({ userDictionary: fixture('missing.txt') }))
    expect(missing.code).toBe('TOKENIZER_INIT')
    expect(missing.message).toMatch(/^cannot read the user dictionary .*missing\.txt: ENOENT/)
    expect((missing.cause as NodeJS.ErrnoException).code).toBe('ENOENT')
    const gbk = catchMatchError(() => createAnalyzer({ userDictionary: fixture('gbk.txt') }))
    expect(gbk.code).toBe('TOKENIZER_INIT')
    expect(gbk.cause).toBeInstanceOf(DataFormatError)
  })

  it('uses character bigrams with tokenizer: ngram, where addWords does nothing', () => {
    const bigram = createAnalyzer({ tokenizer: 'ngram' })
    expect(bigram.name).toBe('bigram')
    expect(bigram.analyze('石墨烯的5g')).toEqual(['石墨', '墨烯', '烯的', '5g'])
    bigram.addWords(['石墨烯'])
    expect(bigram.analyze('石墨烯')).toEqual(['石墨', '墨烯'])
  })

  it('uses a tokenizer of your own, and refuses words it cannot take', () => {
    const own = createAnalyzer({ tokenizer: spaceTokenizer })
    expect(own.name).toBe('space')
    expect(own.analyze('Graphene 的 coating')).toEqual(['graphene', 'coating'])
    expect(catchMatchError(() => own.addWords(['石墨烯'])).message).toBe('cannot add words: the tokenizer "space" has no addWords method')
    const refused = catchMatchError(() => createAnalyzer({ tokenizer: spaceTokenizer, userDictionary: ['石墨烯'] }))
    expect(refused.code).toBe('INVALID_OPTION')
    expect(refused.message).toBe('invalid userDictionary: ["石墨烯"], needs a tokenizer with addWords; "space" has none')
  })

  it('rejects unknown options and bad values with INVALID_OPTION naming them', () => {
    const cases: [unknown, string][] = [
      [{ stopWords: false }, 'invalid stopWords: false, not an analyzer option (tokenizer, domainDictionary, searchMode, userDictionary, stopwords, recordKind)'],
      [{ tokenizer: 'ik' }, `invalid tokenizer: "ik", must be 'jieba', 'ngram' or an object with name and tokenize()`],
      [{ domainDictionary: 1 }, 'invalid domainDictionary: 1, must be a boolean'],
      [{ userDictionary: '' }, 'invalid userDictionary: "", must be a file path or an array of words'],
      [{ userDictionary: [1] }, 'invalid userDictionary: [1], must be a file path or an array of words'],
      [{ stopwords: true }, `invalid stopwords: true, must be 'default', false or an array of extra stopwords`],
      [{ recordKind: 'company' }, 'invalid recordKind: "company", must be one of achievement, need, expert'],
    ]
    for (const [options, message] of cases) {
      const error = catchMatchError(() => createAnalyzer(options as AnalyzerOptions))
      expect(error.code).toBe('INVALID_OPTION')
      expect(error.message).toBe(message)
    }
  })

  it('analyze() equals the texts of tokens(), for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), (text) => {
        expect(analyzer.analyze(text)).toEqual(analyzer.tokens(text).map((t) => t.text))
      }),
      { numRuns: 500 },
    )
  })

  it('analyzes text and its normalized form alike: analyze(normalize(x)) equals analyze(x)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), (text) => {
        expect(analyzer.analyze(normalize(text))).toEqual(analyzer.analyze(text))
      }),
      { numRuns: 500 },
    )
  })
})
