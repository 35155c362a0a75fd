import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { createNgramTokenizer } from './ngram.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'

const texts = (text: string, n?: number): string[] => createNgramTokenizer({ n }).tokenize(text).map((t) => t.text)

describe('createNgramTokenizer', () => {
  it('cuts CJK runs into overlapping bigrams', () => {
    expect(texts('石墨烯涂层')).toEqual(['石墨', '墨烯', '烯涂', '涂层'])
  })

  it('yields a single-character run as itself', () => {
    expect(texts('钢,铁 铝')).toEqual(['钢', '铁', '铝'])
  })

  it('keeps alphanumeric terms whole, like the jieba tokenizer', () => {
    expect(texts('5g基站yolov5,pm2.5与1-mcp')).toEqual(['5g', '基站', 'yolov5', 'pm2.5', '与', '1-mcp'])
  })

  it('steps by code point, never splitting a surrogate pair', () => {
    expect(texts('𠀀𠀁字')).toEqual(['𠀀𠀁', '𠀁字'])
  })

  it('honours n, and yields a run shorter than n whole', () => {
    expect(texts('增材制造', 3)).toEqual(['增材制', '材制造'])
    expect(texts('增材', 3)).toEqual(['增材'])
    expect(texts('增材', 1)).toEqual(['增', '材'])
  })

  it('is named after n', () => {
    expect(createNgramTokenizer().name).toBe('bigram')
    expect(createNgramTokenizer({ n: 3 }).name).toBe('ngram3')
  })

  it('treats addWords as a no-op', () => {
    const tokenizer = createNgramTokenizer()
    tokenizer.addWords(['石墨烯'])
    expect(tokenizer.tokenize('石墨烯').map((t) => t.text)).toEqual(['石墨', '墨烯'])
  })

  it('rejects n outside [1, 8] or not an integer', () => {
    expect(() => createNgramTokenizer({ n: 0 })).toThrow('invalid n: 0, must be an integer in [1, 8]')
    expect(() => createNgramTokenizer({ n: 2.5 })).toThrow('invalid n: 2.5, must be an integer in [1, 8]')
    expect(() => createNgramTokenizer({ n: 9 })).toThrow('invalid n: 9, must be an integer in [1, 8]')
  })

  it('returns tokens whose text is text.slice(start, end), in order, each gram n code points or a whole short run', () => {
    const tokenizer = createNgramTokenizer()
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), (text) => {
        const tokens = tokenizer.tokenize(text)
        tokens.forEach((token, i) => {
          expect(token.text).toBe(text.slice(token.start, token.end))
          expect(token.position).toBe(i)
          expect(token.text.length).toBeGreaterThan(0)
          if (i > 0) expect(token.start).toBeGreaterThanOrEqual((tokens[i - 1] as (typeof tokens)[number]).start)
        })
      }),
      { numRuns: 1000 },
    )
  })
})
