import { fileURLToPath } from 'node:url'

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { MatchError } from '../errors.js'
import { readDictionary } from './dictionary.js'
import { createJiebaTokenizer, type JiebaTokenizer } from './jieba.js'
import { normalize } from './normalize.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/dict/${name}`, import.meta.url))
const texts = (tokenizer: JiebaTokenizer, text: string): string[] => tokenizer.tokenize(text).map((t) => t.text)

// Created once and shared by the tests that add no words.
let domain: JiebaTokenizer
beforeAll(() => {
  domain = createJiebaTokenizer()
})

describe('createJiebaTokenizer', () => {
  it('keeps alphanumeric terms whole as users search them', () => {
    expect(texts(domain, '5g基站和yolov5检测pm2.5、1-mcp保鲜,co2排放降低2.5倍,igbt模块')).toEqual([
      '5g', '基站', '和', 'yolov5', '检测', 'pm2.5', '1-mcp', '保鲜', 'co2', '排放', '降低', '2.5', '倍', 'igbt', '模块',
    ])
  })

  it('keeps inner hyphens and dots, never trailing or leading ones', () => {
    expect(texts(domain, 'ti-6al-4v; 5g. -abc- x.y.z v1..2')).toEqual(['ti-6al-4v', '5g', 'abc', 'x.y.z', 'v1', '2'])
  })

  it('produces no token for punctuation, whitespace or emoji', () => {
    expect(texts(domain, ' ，。、（）《》!?…— \t\n😀 ')).toEqual([])
  })

  it('cuts the ambiguous cases as jieba does', () => {
    expect(texts(domain, '我购买了道具和服装')).toEqual(['我', '购买', '了', '道具', '和', '服装'])
  })

  it('keeps domain terms whole that jieba alone splits', () => {
    const plain = createJiebaTokenizer({ domainDictionary: false })
    expect(texts(plain, '石墨烯增材制造磷酸铁锂')).toEqual(['石墨', '烯', '增', '材', '制造', '磷酸', '铁', '锂'])
    expect(texts(domain, '石墨烯增材制造磷酸铁锂')).toEqual(['石墨烯', '增材制造', '磷酸铁锂'])
  })

  it('keeps mixed-script dictionary entries whole, longest first', () => {
    expect(texts(domain, '优质304不锈钢管和316l不锈钢')).toEqual(['优质', '304不锈钢', '管', '和', '316l不锈钢'])
    expect(texts(domain, 'scr脱硝催化剂')).toEqual(['scr脱硝', '催化剂'])
  })

  it('does not start a mixed entry inside a term, nor end one inside a term', () => {
    expect(texts(domain, 'a304不锈钢')).toEqual(['a304', '不锈钢'])
    const tokenizer = createJiebaTokenizer()
    tokenizer.addWords(['尼龙66'])
    expect(texts(tokenizer, '尼龙66切片')).toEqual(['尼龙66', '切片'])
    expect(texts(tokenizer, '尼龙660')).toEqual(['尼龙', '660'])
  })

  it('does not weaken words jieba already has (inserting them would give them the median weight)', () => {
    expect(texts(domain, '中药')).toEqual(['中药'])
    expect(texts(domain, '滴灌')).toEqual(['滴灌'])
  })

  it('imposes a word that median weight cannot keep whole, unless it strands a character', () => {
    // 大数据 and 热原 lose to jieba's frequent halves even after insertWord.
    expect(texts(domain, '大数据平台')).toEqual(['大数据', '平台'])
    expect(texts(domain, '细菌内毒素与热原检查')).toEqual(['细菌内毒素', '与', '热原', '检查'])
    // 加热/原料: taking 热原 would leave 加 and 料 alone.
    expect(texts(domain, '加热原料')).toEqual(['加热', '原料'])
  })

  it('makes added words take effect: a coinage from a BOM + CRLF file goes from split to whole', () => {
    const tokenizer = createJiebaTokenizer()
    const text = '采用镓锌氧烯与蜂巢冷凝消雾,秸秆炭基肥'
    expect(texts(tokenizer, text)).toEqual(['采用', '镓', '锌', '氧', '烯', '与', '蜂巢', '冷凝', '消雾', '秸秆', '炭', '基肥'])
    tokenizer.addWords(readDictionary(fixture('bom-crlf.txt')))
    expect(texts(tokenizer, text)).toEqual(['采用', '镓锌氧烯', '与', '蜂巢冷凝消雾', '秸秆炭基肥'])
  })

  it('normalizes added words and accepts them through the words option', () => {
    const tokenizer = createJiebaTokenizer({ words: ['ＳＣＲ脱硝', '锂镧锆氧'] })
    expect(texts(tokenizer, 'scr脱硝与锂镧锆氧')).toEqual(['scr脱硝', '与', '锂镧锆氧'])
  })

  it('keeps each tokenizer’s words its own, side by side in one process', () => {
    const a = createJiebaTokenizer()
    const b = createJiebaTokenizer({ domainDictionary: false })
    a.addWords(['镓锌氧烯'])
    // Alternate: each call must see exactly its own words, whatever the other added.
    expect(texts(b, '镓锌氧烯石墨烯')).toEqual(['镓', '锌', '氧', '烯', '石墨', '烯'])
    expect(texts(a, '镓锌氧烯石墨烯')).toEqual(['镓锌氧烯', '石墨烯'])
    expect(texts(b, '镓锌氧烯石墨烯')).toEqual(['镓', '锌', '氧', '烯', '石墨', '烯'])
    expect(texts(domain, '镓锌氧烯石墨烯')).toEqual(['镓', '锌', '氧', '烯', '石墨烯'])
  })

  it('joins unknown characters with the HMM when asked, and says so in its name', () => {
    const hmm = createJiebaTokenizer({ domainDictionary: false, hmm: true })
    expect(hmm.name).toBe('jieba+hmm')
    expect(domain.name).toBe('jieba')
    expect(texts(hmm, '增材制造')).toEqual(['增材', '制造'])
  })

  it('rejects bad options with INVALID_OPTION naming the value', () => {
    const bad = (options: object) => () => createJiebaTokenizer(options)
    expect(bad({ domainDictionary: 'yes' })).toThrow('invalid domainDictionary: "yes", must be a boolean')
    expect(bad({ hmm: 1 })).toThrow('invalid hmm: 1, must be a boolean')
    expect(bad({ words: '石墨烯' })).toThrow('invalid words: "石墨烯", must be an array of strings')
    try {
      bad({ hmm: 1 })()
    } catch (error) {
      expect(error).toBeInstanceOf(MatchError)
      expect((error as MatchError).code).toBe('INVALID_OPTION')
    }
  })

  it('returns tokens whose text is text.slice(start, end), in order, without overlap or whitespace', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText, mixedText.map(normalize)), (text) => {
        const tokens = domain.tokenize(text)
        let previousEnd = 0
        tokens.forEach((token, i) => {
          expect(token.text).toBe(text.slice(token.start, token.end))
          expect(token.position).toBe(i)
          expect(token.start).toBeGreaterThanOrEqual(previousEnd)
          expect(token.end).toBeGreaterThan(token.start)
          expect(token.text).not.toMatch(/^\s|\s$/)
          previousEnd = token.end
        })
      }),
      { numRuns: 1000 },
    )
  })

  it('gives the same tokens through forEachToken as through tokenize', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const offsets: number[] = []
        domain.forEachToken(text, (start, end) => offsets.push(start, end))
        expect(offsets).toEqual(domain.tokenize(text).flatMap((t) => [t.start, t.end]))
      }),
      { numRuns: 300 },
    )
  })
})

describe('createJiebaTokenizer search mode', () => {
  const texts = (tokens: { text: string }[]) => tokens.map((t) => t.text)
  it('emits a long dictionary word whole, then its 2- and 3-character dictionary substrings', () => {
    const tokens = texts(createJiebaTokenizer({ searchMode: true }).tokenize('电化学阻抗谱'))
    // The whole term first, then each dictionary part at each position: 电化, 电化学, 化学, 阻抗.
    expect(tokens).toEqual(['电化学阻抗谱', '电化', '电化学', '化学', '阻抗'])
    // Substrings that are not words (学阻, 抗谱) are not emitted.
    expect(texts(createJiebaTokenizer({ searchMode: true }).tokenize('防腐涂料'))).toEqual(['防腐涂料', '防腐', '涂料'])
  })
  it('leaves two-character words and alphanumerics alone, and is off by default in the tokenizer', () => {
    expect(texts(createJiebaTokenizer({ searchMode: true }).tokenize('滴灌 igbt'))).toEqual(['滴灌', 'igbt'])
    expect(texts(createJiebaTokenizer().tokenize('电化学阻抗谱'))).toEqual(['电化学阻抗谱'])
  })
  it('keeps offsets exact for the parts', () => {
    const text = '采用电化学阻抗谱和防腐涂料'
    for (const t of createJiebaTokenizer({ searchMode: true }).tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text)
  })
})
