import { describe, expect, it } from 'vitest'

import { DataFormatError } from '../errors.js'
import { parseThesaurus } from './parse.js'

/** The error parseThesaurus throws for `text`, or a failure when it throws none. */
function errorOf(text: string, file = 'user.txt'): DataFormatError {
  try {
    parseThesaurus(text, file)
  } catch (error) {
    expect(error).toBeInstanceOf(DataFormatError)
    return error as DataFormatError
  }
  throw new Error(`no error for ${JSON.stringify(text)}`)
}

describe('parseThesaurus', () => {
  it('reads a one-way line: every left phrase maps to every right phrase', () => {
    expect(parseThesaurus('冒白烟|白烟|白雾 => 烟气消白|湿烟羽|消白', 'x.txt')).toEqual([
      { from: ['冒白烟', '白烟', '白雾'], to: ['烟气消白', '湿烟羽', '消白'], line: 1 },
    ])
  })

  it('reads an equivalence group as from = to = all members', () => {
    expect(parseThesaurus('糖友|糖尿病患者|糖尿病人', 'x.txt')).toEqual([
      { from: ['糖友', '糖尿病患者', '糖尿病人'], to: ['糖友', '糖尿病患者', '糖尿病人'], line: 1 },
    ])
  })

  it('skips blank and # comment lines and numbers lines from 1', () => {
    const entries = parseThesaurus('# header\n\n   \n  # indented\n披锋 => 飞边\n', 'x.txt')
    expect(entries).toEqual([{ from: ['披锋'], to: ['飞边'], line: 5 }])
  })

  it('tolerates a BOM and CRLF, CR-only and LF line ends', () => {
    const entries = parseThesaurus('\uFEFF披锋 => 飞边\r\n糖友|糖尿病患者\r大四轮 => 拖拉机\n', 'x.txt')
    expect(entries.map((entry) => [entry.from[0], entry.line])).toEqual([
      ['披锋', 1],
      ['糖友', 2],
      ['大四轮', 3],
    ])
  })

  it('normalizes phrases and trims the spaces around "|" and "=>"', () => {
    expect(parseThesaurus('  ＰＬＣ | 可编程控制器  =>  Logic  Controller ', 'x.txt')).toEqual([
      { from: ['plc', '可编程控制器'], to: ['logic controller'], line: 1 },
    ])
  })

  it('drops duplicate phrases within a side', () => {
    expect(parseThesaurus('白烟|白烟|ＡＩ|ai => 消白', 'x.txt')[0]!.from).toEqual(['白烟', 'ai'])
  })

  it('merges entries with the same from phrases, uniting their targets and keeping the first line', () => {
    const text = '白烟|冒白烟 => 消白\n糖友 => 糖尿病患者\n冒白烟|白烟 => 湿烟羽|消白'
    expect(parseThesaurus(text, 'x.txt')).toEqual([
      { from: ['白烟', '冒白烟'], to: ['消白', '湿烟羽'], line: 1 },
      { from: ['糖友'], to: ['糖尿病患者'], line: 2 },
    ])
  })

  it('accepts phrases of exactly 2 and 16 characters', () => {
    const sixteen = '一二三四五六七八九十一二三四五六'
    expect(parseThesaurus(`ab => ${sixteen}`, 'x.txt')[0]!.to).toEqual([sixteen])
  })

  it('accepts a one-way line whose targets include a source, as long as one target is new', () => {
    expect(parseThesaurus('光伏板|光伏组件 => 光伏组件|太阳能电池板', 'x.txt')[0]!.to).toEqual(['光伏组件', '太阳能电池板'])
  })
})

describe('parseThesaurus errors', () => {
  it('names file and line of a phrase that is too short after normalization', () => {
    const error = errorOf('# c\n白烟 => 烟气消白\n霾 => 雾霾', 'dict/thesaurus/x.txt')
    expect(error.code).toBe('DATA_FORMAT')
    expect(error.file).toBe('dict/thesaurus/x.txt')
    expect(error.line).toBe(3)
    expect(error.message).toBe('dict/thesaurus/x.txt:3: phrase "霾" has 1 characters after normalize(), must have 2 to 16')
  })

  it('rejects a phrase longer than 16 characters', () => {
    expect(errorOf('白烟 => 一二三四五六七八九十一二三四五六七').message).toBe(
      'user.txt:1: phrase "一二三四五六七八九十一二三四五六七" has 17 characters after normalize(), must have 2 to 16',
    )
  })

  it('counts length after normalization: full-width letters and invisible characters', () => {
    // 'Ａ\u200B' normalizes to 'a': one character.
    expect(errorOf('Ａ\u200B => 甲乙').message).toBe('user.txt:1: phrase "a" has 1 characters after normalize(), must have 2 to 16')
  })

  it('rejects a stray "|" (an empty phrase)', () => {
    expect(errorOf('白烟||冒白烟 => 消白').message).toBe('user.txt:1: empty phrase in "白烟||冒白烟" (a stray "|"?)')
    expect(errorOf('糖友|糖尿病患者|').message).toBe('user.txt:1: empty phrase in "糖友|糖尿病患者|" (a stray "|"?)')
  })

  it('rejects an empty side of "=>"', () => {
    expect(errorOf('=> 消白').message).toBe('user.txt:1: no phrase before "=>"')
    expect(errorOf('白烟 =>  ').message).toBe('user.txt:1: no phrase after "=>"')
  })

  it('rejects more than one "=>"', () => {
    expect(errorOf('白烟 => 消白 => 湿烟羽').message).toBe('user.txt:1: more than one "=>" in "白烟 => 消白 => 湿烟羽"')
  })

  it('rejects a group of one phrase, or of one phrase repeated', () => {
    expect(errorOf('烟气消白').message).toBe('user.txt:1: an equivalence group needs at least two different phrases, got "烟气消白"')
    expect(errorOf('AI|ai').message).toBe('user.txt:1: an equivalence group needs at least two different phrases, got "AI|ai"')
  })

  it('rejects a one-way line that maps its phrases only to themselves', () => {
    expect(errorOf('白烟|冒白烟 => 冒白烟').message).toBe('user.txt:1: "白烟|冒白烟 => 冒白烟" maps its phrases only to themselves')
  })
})
