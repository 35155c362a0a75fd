import { fileURLToPath } from 'node:url'

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { MatchError } from '../errors.js'
import { readDictionary } from './dictionary.js'
import { CutsWholeMemo, createJiebaTokenizer, imposeForced, type JiebaTokenizer, type Segmenter } from './jieba.js'
import { JiebaDictionary } from './jieba-dictionary.js'
import { createPhraseMatcher } from './scan.js'
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

// A small alphabet, so that random runs repeat their 2- and 3-character parts.
const ALPHABET = [...'石墨烯改性涂层热原料加生物质量防腐海洋技术材料']
const cjkRun = fc.array(fc.constantFrom(...ALPHABET, '𠀀'), { minLength: 1, maxLength: 16 }).map((chars) => chars.join(''))
const smallDictionary = fc
  .uniqueArray(fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 4 }).map((chars) => chars.join('')), { minLength: 1, maxLength: 60 })
  .chain((words) => fc.tuple(fc.constant(words), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: words.length, maxLength: words.length })))
  .map(([words, freqs]) => JiebaDictionary.parse(words.map((word, i) => `${word} ${freqs[i]} n`).join('\n')))

describe('CutsWholeMemo', () => {
  it('answers as dictionary.cutsWhole, through growing, starting over, and a change of dictionary', () => {
    fc.assert(
      fc.property(smallDictionary, fc.array(cjkRun, { minLength: 1, maxLength: 40 }), fc.constantFrom(1024, 4096), (dictionary, runs, maxSlots) => {
        const memo = new CutsWholeMemo(maxSlots)
        const other = dictionary.clone()
        other.insert(ALPHABET.slice(0, 2).join(''), 0) // a different answer for 石墨 at least
        for (const [k, text] of runs.entries()) {
          const current = k % 5 === 4 ? other : dictionary
          for (let i = 0; i < text.length; i++) {
            for (let end = i; end <= Math.min(text.length, i + 4); end++) {
              expect(memo.cutsWhole(current, text, i, end)).toBe(current.cutsWhole(text, i, end))
            }
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('forgets its answers when cleared after an insertion', () => {
    const dictionary = JiebaDictionary.parse('石 100 n\n墨 100 n\n烯 100 n\n')
    const memo = new CutsWholeMemo()
    expect(memo.cutsWhole(dictionary, '石墨烯', 0, 2)).toBe(false)
    dictionary.insert('石墨', 0)
    memo.clear()
    expect(memo.cutsWhole(dictionary, '石墨烯', 0, 2)).toBe(true)
  })
})

describe('the forced-word pre-check', () => {
  it('skips only runs where imposing the forced words would emit jieba’s cut unchanged', () => {
    fc.assert(
      fc.property(smallDictionary, fc.uniqueArray(cjkRun, { maxLength: 6 }), cjkRun, (dictionary, forcedWords, text) => {
        const forced = createPhraseMatcher()
        for (const word of forcedWords) forced.add(word)
        const segment: Segmenter = (t, start, end, piece) => dictionary.cut(t, start, end, piece)
        const plain: number[] = []
        segment(text, 0, text.length, (from, to) => plain.push(from, to))
        const bounds = [0]
        segment(text, 0, text.length, (_from, to) => bounds.push(to))
        const imposed: number[] = []
        imposeForced(segment, forced, text, bounds, (from, to) => imposed.push(from, to))
        if (!forced.occursIn(text, 0, text.length)) expect(imposed).toEqual(plain)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('search mode after addWords', () => {
  it('emits the parts a fresh tokenizer with the same words emits (remembered parts are forgotten)', () => {
    // The first word makes the tokenizer insert into a dictionary of its own; the later one goes
    // into that same dictionary and turns 墨烯, a part of the first, into a word.
    const tokenizer = createJiebaTokenizer({ domainDictionary: false, searchMode: true, words: ['墨烯涂层材'] })
    const text = '墨烯涂层材和墨烯涂层材'
    const before = texts(tokenizer, text)
    tokenizer.addWords(['墨烯'])
    const after = texts(tokenizer, text)
    const fresh = createJiebaTokenizer({ domainDictionary: false, searchMode: true, words: ['墨烯涂层材', '墨烯'] })
    expect(after).toEqual(texts(fresh, text))
    expect(after).not.toEqual(before)
  })
})
