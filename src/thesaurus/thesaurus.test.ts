import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'

import { anyText, mixedText } from '../../test/helpers/arbitraries.js'
import { DataFormatError, MatchError } from '../errors.js'
import { normalize } from '../tokenize/normalize.js'
import type { ThesaurusEntry } from './parse.js'
import { createThesaurus, type Thesaurus, type ThesaurusHit } from './thesaurus.js'

const only = (entries: readonly ThesaurusEntry[]): Thesaurus => createThesaurus({ builtin: false, entries })

const SAMPLE: readonly ThesaurusEntry[] = [
  { from: ['冒白烟', '白烟', '白雾'], to: ['烟气消白', '湿烟羽', '消白'] },
  { from: ['糖友', '糖尿病患者', '糖尿病人'], to: ['糖友', '糖尿病患者', '糖尿病人'] },
  { from: ['plc'], to: ['可编程逻辑控制器'] },
  { from: ['mes'], to: ['制造执行系统'] },
  { from: ['5g'], to: ['第五代移动通信'] },
]

describe('createThesaurus', () => {
  it('loads the shipped files by default', () => {
    const thesaurus = createThesaurus()
    expect(thesaurus.size).toBeGreaterThan(1000)
    expect(thesaurus.expansionsOf('糖友')).toContain('糖尿病患者')
    expect(thesaurus.expansionsOf('披锋')).toContain('飞边')
  })

  it('is empty without the shipped files and entries', () => {
    expect(createThesaurus({ builtin: false }).size).toBe(0)
  })

  it('counts distinct triggering phrases as size', () => {
    expect(only(SAMPLE).size).toBe(9)
  })

  it('adds entries given in code after the shipped files, normalizing them', () => {
    const thesaurus = createThesaurus({ entries: [{ from: ['ＺＺ测试词'], to: ['新的目标词'] }] })
    expect(thesaurus.expansionsOf('zz测试词')).toEqual(['新的目标词'])
    expect(thesaurus.expansionsOf('糖友')).toContain('糖尿病患者')
  })

  it('rejects a non-boolean builtin and a bad phrase in entries with INVALID_OPTION', () => {
    expect(() => createThesaurus({ builtin: 'yes' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: 'invalid thesaurus.builtin: "yes", must be true or false' }),
    )
    expect(() => only([{ from: ['霾'], to: ['雾霾'] }])).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: 'invalid thesaurus entry from phrase: "霾", must have 2 to 16 characters after normalize()',
      }),
    )
  })
})

describe('Thesaurus.add and expansionsOf', () => {
  it('one-way entries expand only from left to right', () => {
    const thesaurus = only(SAMPLE)
    expect(thesaurus.expansionsOf('白烟')).toEqual(['烟气消白', '湿烟羽', '消白'])
    expect(thesaurus.expansionsOf('烟气消白')).toEqual([])
  })

  it('equivalence groups expand every member to all the others, never to itself', () => {
    const thesaurus = only(SAMPLE)
    expect(thesaurus.expansionsOf('糖友')).toEqual(['糖尿病患者', '糖尿病人'])
    expect(thesaurus.expansionsOf('糖尿病人')).toEqual(['糖友', '糖尿病患者'])
  })

  it('unites the targets of a phrase over entries and files, without duplicates', () => {
    const thesaurus = only(SAMPLE)
    thesaurus.add([{ from: ['白烟'], to: ['消白', '脱白'] }])
    expect(thesaurus.expansionsOf('白烟')).toEqual(['烟气消白', '湿烟羽', '消白', '脱白'])
    expect(thesaurus.size).toBe(9)
  })

  it('normalizes the phrase looked up', () => {
    expect(only(SAMPLE).expansionsOf('ＰＬＣ')).toEqual(['可编程逻辑控制器'])
  })
})

describe('Thesaurus.expand', () => {
  const thesaurus = only(SAMPLE)

  it('finds a phrase with its offsets and its expansions', () => {
    expect(thesaurus.expand('锅炉烟囱冒白烟怎么办')).toEqual([
      { phrase: '冒白烟', start: 4, end: 7, expansions: ['烟气消白', '湿烟羽', '消白'] },
    ])
  })

  it('takes the longest phrase and hides the phrases inside it', () => {
    // 白烟 lies inside 冒白烟: one hit, not two.
    expect(thesaurus.expand('冒白烟').map((hit) => hit.phrase)).toEqual(['冒白烟'])
    const nested = only([
      { from: ['糖尿病人'], to: ['糖尿病患者'] },
      { from: ['病人'], to: ['患者'] },
      { from: ['尿病'], to: ['xx'] },
    ])
    expect(nested.expand('糖尿病人').map((hit) => hit.phrase)).toEqual(['糖尿病人'])
  })

  it('reports phrases that overlap without one containing the other', () => {
    const overlapping = only([
      { from: ['甲乙'], to: ['一一'] },
      { from: ['乙丙'], to: ['二二'] },
    ])
    expect(overlapping.expand('甲乙丙')).toEqual([
      { phrase: '甲乙', start: 0, end: 2, expansions: ['一一'] },
      { phrase: '乙丙', start: 1, end: 3, expansions: ['二二'] },
    ])
  })

  it('drops expansions that the text already contains, and keeps the hit', () => {
    // 消白 is inside 烟气消白: contained, so dropped too.
    expect(thesaurus.expand('冒白烟需要烟气消白技术')).toEqual([{ phrase: '冒白烟', start: 0, end: 3, expansions: ['湿烟羽'] }])
    expect(thesaurus.expand('糖友即糖尿病人和糖尿病患者').every((hit) => hit.expansions.length === 0)).toBe(true)
  })

  it('reports each phrase once, at its first occurrence', () => {
    expect(thesaurus.expand('白雾，白雾，冒白烟，白雾')).toEqual([
      { phrase: '白雾', start: 0, end: 2, expansions: ['烟气消白', '湿烟羽', '消白'] },
      { phrase: '冒白烟', start: 6, end: 9, expansions: ['烟气消白', '湿烟羽', '消白'] },
    ])
  })

  it('hides a phrase inside a later occurrence of a longer phrase that was already reported', () => {
    expect(thesaurus.expand('冒白烟和冒白烟').map((hit) => hit.phrase)).toEqual(['冒白烟'])
  })

  it('never starts or ends a phrase inside an alphanumeric run', () => {
    expect(thesaurus.expand('times and 15g and plcs')).toEqual([])
    expect(thesaurus.expand('plc控制柜接入mes')).toEqual([
      { phrase: 'plc', start: 0, end: 3, expansions: ['可编程逻辑控制器'] },
      { phrase: 'mes', start: 8, end: 11, expansions: ['制造执行系统'] },
    ])
    expect(thesaurus.expand('5g基站').map((hit) => hit.phrase)).toEqual(['5g'])
  })

  it('returns nothing for empty and one-character text', () => {
    expect(thesaurus.expand('')).toEqual([])
    expect(thesaurus.expand('烟')).toEqual([])
  })

  it('finds phrases at the very end of the text', () => {
    expect(thesaurus.expand('我们是糖友').map((hit) => [hit.phrase, hit.start, hit.end])).toEqual([['糖友', 3, 5]])
  })
})

/**
 * A slow, declarative model of expand(): every dictionary phrase at every position, the longest
 * per start, minus those inside an earlier start's longest, first occurrence per phrase.
 */
function referenceExpand(map: ReadonlyMap<string, readonly string[]>, text: string): ThesaurusHit[] {
  const alnum = (c: string | undefined): boolean => c !== undefined && /^[a-z0-9]$/i.test(c)
  const longest: { start: number; end: number }[] = []
  for (let start = 0; start < text.length; start++) {
    if (alnum(text[start]) && alnum(text[start - 1])) continue
    let best = -1
    for (let end = start + 2; end <= Math.min(text.length, start + 16); end++) {
      if (alnum(text[end - 1]) && alnum(text[end])) continue
      if (map.has(text.slice(start, end))) best = end
    }
    if (best > 0) longest.push({ start, end: best })
  }
  const visible = longest.filter((a) => !longest.some((b) => b.start < a.start && a.end <= b.end))
  const seen = new Set<string>()
  const hits: ThesaurusHit[] = []
  for (const { start, end } of visible) {
    const phrase = text.slice(start, end)
    if (seen.has(phrase)) continue
    seen.add(phrase)
    hits.push({ phrase, start, end, expansions: map.get(phrase)!.filter((target) => !text.includes(target)) })
  }
  return hits
}

describe('Thesaurus.expand properties', () => {
  const builtin = createThesaurus()

  it('never throws on any string, and every hit is the text between its offsets', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), (raw) => {
        for (const text of [raw, normalize(raw)]) {
          for (const hit of builtin.expand(text)) {
            expect(text.slice(hit.start, hit.end)).toBe(hit.phrase)
            expect(hit.expansions).not.toContain(hit.phrase)
            for (const target of hit.expansions) expect(text.includes(target)).toBe(false)
          }
        }
      }),
      { numRuns: 500 },
    )
  })

  it('hits are ordered by start, distinct, and none lies inside another', () => {
    const words = ['冒白烟', '糖友', '糖尿病人', '披锋', '大四轮', 'plc', 'mes', '5g', '光伏板', '电池鼓包', '续航短', '生锈']
    const text = fc.array(fc.oneof(fc.constantFrom(...words), mixedText), { maxLength: 12 }).map((parts) => normalize(parts.join('')))
    fc.assert(
      fc.property(text, (t) => {
        const hits = builtin.expand(t)
        expect(new Set(hits.map((hit) => hit.phrase)).size).toBe(hits.length)
        for (let i = 1; i < hits.length; i++) expect(hits[i]!.start).toBeGreaterThan(hits[i - 1]!.start)
        for (const a of hits) for (const b of hits) if (a !== b) expect(a.start >= b.start && a.end <= b.end).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('equals a brute-force model on small alphabets, where phrases nest and overlap', () => {
    const letter = fc.constantFrom('a', 'b', '1', '甲', '乙', ' ')
    const phrase = fc.array(letter, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('')).filter((p) => normalize(p) === p && p.length >= 2)
    const entry = fc.record({ from: fc.array(phrase, { minLength: 1, maxLength: 2 }), to: fc.array(phrase, { minLength: 1, maxLength: 3 }) })
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.array(letter, { maxLength: 30 }), (entries, letters) => {
        const thesaurus = only(entries)
        const map = new Map<string, string[]>()
        for (const { from, to } of entries) {
          for (const source of from) {
            for (const target of to) {
              if (target === source) continue
              const list = map.get(source) ?? []
              if (!list.includes(target)) list.push(target)
              map.set(source, list)
            }
          }
        }
        const text = letters.join('')
        expect(thesaurus.size).toBe(map.size)
        expect(thesaurus.expand(text)).toEqual(referenceExpand(map, text))
      }),
      { numRuns: 1000 },
    )
  })
})

describe('user thesaurus files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duijie-thesaurus-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }

  it('reads a user file with a BOM and CRLF line ends, after the shipped files', () => {
    const path = file('mine.txt', '\uFEFF# 我的词\r\n老化罐 => 恒温恒湿箱\r\n甲号件|乙号件\r\n')
    const thesaurus = createThesaurus({ files: [path] })
    expect(thesaurus.expansionsOf('老化罐')).toEqual(['恒温恒湿箱'])
    expect(thesaurus.expansionsOf('乙号件')).toEqual(['甲号件'])
    expect(thesaurus.expansionsOf('糖友')).toContain('糖尿病患者')
  })

  it('names the file and line of a malformed line', () => {
    const path = file('bad.txt', '甲号件 => 乙号件\n单一\n')
    expect(() => createThesaurus({ builtin: false, files: [path] })).toThrow(DataFormatError)
    expect(() => createThesaurus({ builtin: false, files: [path] })).toThrow(
      `${path}:2: an equivalence group needs at least two different phrases, got "单一"`,
    )
  })

  it('rejects a GBK file, naming its first bad line', () => {
    // '甲号件 => 乙号件\n' in UTF-8, then '糖友' in GBK (0xCC 0xC7 0xD3 0xD1).
    const bytes = Buffer.concat([Buffer.from('甲号件 => 乙号件\n', 'utf8'), Buffer.from([0xcc, 0xc7, 0xd3, 0xd1, 0x0a])])
    const path = file('gbk.txt', bytes)
    expect(() => createThesaurus({ builtin: false, files: [path] })).toThrow(
      expect.objectContaining({ code: 'DATA_FORMAT', line: 2, message: `${path}:2: not valid UTF-8: save the thesaurus as UTF-8 (GBK is not read)` }),
    )
  })

  it('reports a missing file as an IO error with the path', () => {
    const missing = join(dir, 'missing.txt')
    let caught: unknown
    try {
      createThesaurus({ builtin: false, files: [missing] })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(MatchError)
    expect((caught as MatchError).code).toBe('IO')
    expect((caught as MatchError).message).toContain(`cannot read thesaurus file ${missing}: ENOENT`)
  })
})
