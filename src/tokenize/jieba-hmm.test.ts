import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'

import { DataFormatError } from '../errors.js'
import { JiebaDictionary } from './jieba-dictionary.js'
import { cutMixed, JiebaHmm } from './jieba-hmm.js'
import { normalize } from './normalize.js'
import { scan } from './scan.js'

type NodeJieba = typeof import('nodejieba')

const repoFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url))

// nodejieba, the oracle, keeps its default dictionary here: no insertWord in this file.
let jieba: NodeJieba
let dictionary: JiebaDictionary
let hmm: JiebaHmm
beforeAll(() => {
  jieba = createRequire(import.meta.url)('nodejieba') as NodeJieba
  jieba.load()
  dictionary = JiebaDictionary.load(repoFile('dict/jieba/jieba.dict.utf8'), repoFile('dict/jieba/user.dict.utf8'))
  hmm = JiebaHmm.load(repoFile('dict/jieba/hmm_model.utf8'))
})

const words = (cut: (text: string, start: number, end: number, piece: (from: number, to: number) => void) => void, text: string): string[] => {
  const out: string[] = []
  cut(text, 0, text.length, (from, to) => out.push(text.slice(from, to)))
  return out
}
const mixed = (text: string): string[] => words((t, s, e, p) => cutMixed(dictionary, hmm, t, s, e, p), text)
const hmmOnly = (text: string): string[] => words((t, s, e, p) => hmm.cut(t, s, e, p), text)
const mpOnly = (text: string): string[] => words((t, s, e, p) => dictionary.cut(t, s, e, p), text)

/** Every string value of every record of the sample and mini fixtures. */
function fixtureTexts(): string[] {
  const out: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
  }
  for (const dir of ['sample', 'mini']) {
    for (const kind of ['achievements', 'needs', 'experts']) {
      for (const line of readFileSync(repoFile(`fixtures/${dir}/${kind}.jsonl`), 'utf8').split('\n')) {
        if (line.trim().length > 0) walk(JSON.parse(line))
      }
    }
  }
  return out
}

/** The CJK runs the tokenizer hands to jieba: normalised text, scanned without phrases. */
function cjkRuns(texts: readonly string[]): string[] {
  const runs: string[] = []
  for (const raw of texts) {
    const text = normalize(raw)
    scan(text, { cjk: (start, end) => runs.push(text.slice(start, end)), term: () => undefined })
  }
  return runs
}

// Characters for random text: common Han (words, parts of words, and letters in dictionary
// words such as T恤 and B超), rare Han the model never saw (Extension A, astral Extension B),
// kana, ASCII letters, digits and the dot of the number rule, and ASCII punctuation.
const COMMON_HAN = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可道行来研网易杭厦硕士毕业科学院计算所京都深造检测试剂盒疫苗免疫自然感染竞争布鲁氏菌恤超']
const RARE_HAN = ['㐀', '㐁', '䶵', ...Array.from({ length: 16 }, (_, i) => String.fromCodePoint(0x20000 + i))]
const KANA = [...'あいうえおかきくけこアイウエオテストンー']
const ASCII = [...'abcxyzABTXZ0123456789..-_+']
const runeArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COMMON_HAN) },
  { weight: 2, arbitrary: fc.constantFrom(...RARE_HAN) },
  { weight: 1, arbitrary: fc.constantFrom(...KANA) },
  { weight: 2, arbitrary: fc.constantFrom(...ASCII) },
)
// No separator (space, tab, newline, ，, 。): nodejieba would pre-split on them, the tokenizer never passes them.
const randomText = fc.string({ unit: runeArbitrary, maxLength: 40 })

describe('cutMixed', () => {
  it('cuts every CJK run of the sample data as nodejieba.cut(run, true)', () => {
    const runs = cjkRuns(fixtureTexts())
    expect(runs.length).toBeGreaterThan(1000)
    const mismatches = runs.filter((run) => JSON.stringify(mixed(run)) !== JSON.stringify(jieba.cut(run, true)))
    expect(mismatches.slice(0, 5).map((run) => ({ run, ours: mixed(run), nodejieba: jieba.cut(run, true) }))).toEqual([])
  })

  it('equals nodejieba.cut(text, true) on random mixed-script text', () => {
    fc.assert(fc.property(randomText, (text) => {
      expect(mixed(text)).toEqual(jieba.cut(text, true))
    }), { numRuns: 2000 })
  })

  it('joins characters the dictionary leaves single when the HMM finds a word', () => {
    // The dictionary has no 杭研: the MP cut leaves 杭 / 研. Viterbi over the two characters,
    // the last state E or S (log probabilities of hmm_model.utf8):
    //   B E: start(B) -0.2627 + emitB(杭) -8.5148 + trans(B→E) -0.5108 + emitE(研) -8.5079 = -17.796
    //   S S: start(S) -1.4653 + emitS(杭) -10.0613 + trans(S→S) -0.6659 + emitS(研) -10.7109 = -22.903
    //   (B S, E x, M x: a transition or start of -3.14e100.) B E wins: one word.
    expect(mpOnly('他来到了网易杭研大厦')).toEqual(['他', '来到', '了', '网易', '杭', '研', '大厦'])
    expect(mixed('他来到了网易杭研大厦')).toEqual(['他', '来到', '了', '网易', '杭研', '大厦'])
  })

  it('keeps the dictionary words and reports offsets that tile the range', () => {
    const text = 'xx他来到了网易杭研大厦yy'
    const pieces: Array<[number, number]> = []
    cutMixed(dictionary, hmm, text, 2, text.length - 2, (from, to) => pieces.push([from, to]))
    expect(pieces).toEqual([[2, 3], [3, 5], [5, 6], [6, 8], [8, 10], [10, 12]])
  })
})

describe('JiebaHmm', () => {
  it('equals nodejieba.cutHMM on random mixed-script text', () => {
    fc.assert(fc.property(randomText, (text) => {
      expect(hmmOnly(text)).toEqual(jieba.cutHMM(text))
    }), { numRuns: 2000 })
  })

  it('keeps letter runs, number runs and other ASCII characters as HMMSegment does', () => {
    // Letters then letters or digits; digits then digits or dots; any other ASCII alone.
    expect(hmmOnly('abc12x.5..7-Z')).toEqual(['abc12x', '.', '5..7', '-', 'Z'])
  })

  it('keeps E as the predecessor when no path rises above the -3.14e100 floor', () => {
    // 㐀 and あ are in no emission table. At 㐀, every candidate is (finite + trans) + -3.14e100,
    // which rounds to exactly -3.14e100: not strictly above the floor, so each state keeps
    // cppjieba's default predecessor E, and 的 ends a word. Taking B on the tie would join them.
    expect(hmmOnly('的㐀')).toEqual(['的', '㐀'])
    expect(hmmOnly('あ的')).toEqual(['あ', '的'])
    expect(mixed('\u{20000}的\u{20001}')).toEqual(['\u{20000}', '的', '\u{20001}'])
  })

  it('treats a surrogate pair as one character', () => {
    // U+20000 and U+20001 are in no emission table: every state weighs -3.14e100 from the
    // second character on, no path beats the floor, and each character is a word alone.
    expect(hmmOnly('\u{20000}\u{20001}')).toEqual(['\u{20000}', '\u{20001}'])
    const pieces: Array<[number, number]> = []
    hmm.cut('a\u{20000}b', 0, 4, (from, to) => pieces.push([from, to]))
    expect(pieces).toEqual([[0, 1], [1, 3], [3, 4]])
  })

  it('rejects a model whose transition line does not have four numbers', () => {
    const model = '# start\n-0.26 -3.14e+100 -3.14e+100 -1.46\n-3.14e+100 -0.51 -0.91\n'
    expect(() => JiebaHmm.parse(model, 'm.utf8')).toThrow(DataFormatError)
    expect(() => JiebaHmm.parse(model, 'm.utf8')).toThrow('m.utf8:3: the transition from B line has 3 fields, expected 4')
  })
})

describe('JiebaDictionary.cut (checked here against the same oracle)', () => {
  it('equals nodejieba.cut(text, false) on random mixed-script text', () => {
    fc.assert(fc.property(randomText, (text) => {
      expect(mpOnly(text)).toEqual(jieba.cut(text, false))
    }), { numRuns: 2000 })
  })
})
