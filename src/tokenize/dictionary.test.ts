import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { DataFormatError } from '../errors.js'
import { cleanWords, parseDictionary, readDictionary } from './dictionary.js'

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/dict/${name}`, import.meta.url))

describe('parseDictionary', () => {
  it('takes the first field of jieba lines: word, word freq, word freq tag, word tag', () => {
    expect(parseDictionary('石墨烯\n增材制造 3\n热障涂层 5 n\n钛合金 nz\n')).toEqual(['石墨烯', '增材制造', '热障涂层', '钛合金'])
  })

  it('reads THUOCL lines, with or without spaces around the tab', () => {
    expect(parseDictionary('石墨烯\t1234\n增材制造 \t 56\n热障涂层\t\t7')).toEqual(['石墨烯', '增材制造', '热障涂层'])
  })

  it('handles a BOM and CRLF, CR-only and LF line ends', () => {
    expect(parseDictionary('\uFEFF石墨烯\r\n增材制造\r热障涂层\n钛合金')).toEqual(['石墨烯', '增材制造', '热障涂层', '钛合金'])
  })

  it('skips blank lines and # comment lines, and drops duplicates keeping the first', () => {
    expect(parseDictionary('# header\n\n   \n石墨烯\n  # indented comment\n石墨烯 9\n增材制造')).toEqual(['石墨烯', '增材制造'])
  })

  it('normalizes words: full-width, upper case, zero-width characters', () => {
    expect(parseDictionary('ＳＣＲ脱硝\nYOLOv5\n石墨\u200B烯')).toEqual(['scr脱硝', 'yolov5', '石墨烯'])
  })

  it('drops entries with no letter, digit or ideograph', () => {
    expect(parseDictionary('---\n，。\n石墨烯')).toEqual(['石墨烯'])
  })
})

describe('cleanWords', () => {
  it('keeps inner spaces of array words (phrases), trims and dedupes', () => {
    expect(cleanWords([' Machine  Learning ', '石墨烯', '石墨烯', '', '  '])).toEqual(['machine learning', '石墨烯'])
  })
})

describe('readDictionary', () => {
  it('reads a UTF-8 file with BOM and CRLF in all jieba formats', () => {
    const bytes = readFileSync(fixture('bom-crlf.txt'))
    // Guard the fixture itself: a checkout that converts line ends would make this test vacuous.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.includes('\r\n')).toBe(true)
    expect(readDictionary(fixture('bom-crlf.txt'))).toEqual(['镓锌氧烯', '蜂巢冷凝消雾', '秸秆炭基肥', '藻菌共生膜', 'scr脱硝'])
  })

  it('reads a CR-only file', () => {
    expect(readFileSync(fixture('cr-only.txt'), 'utf8')).not.toContain('\n')
    expect(readDictionary(fixture('cr-only.txt'))).toEqual(['锂镧锆氧', '钒液流储热', '秸秆炭基肥'])
  })

  it('reads a THUOCL file', () => {
    expect(readDictionary(fixture('thuocl.txt'))).toEqual(['锂镧锆氧', '钒液流储热', '藻菌共生膜'])
  })

  it('reads a UTF-16 LE file with BOM', () => {
    expect(readDictionary(fixture('utf16le.txt'))).toEqual(['镓锌氧烯', '蜂巢冷凝消雾'])
  })

  it('refuses a GBK file, naming the file and the first bad line', () => {
    const read = () => readDictionary(fixture('gbk.txt'))
    expect(read).toThrow(DataFormatError)
    expect(read).toThrow(`${fixture('gbk.txt')}:3: not valid UTF-8: save the dictionary as UTF-8 (GBK is not read)`)
  })

  it('passes the fs error through for a missing file', () => {
    expect(() => readDictionary(fixture('missing.txt'))).toThrow(/ENOENT/)
  })

  it('takes an array as the words themselves', () => {
    expect(readDictionary(['石墨烯', ' 增材制造 ', '石墨烯'])).toEqual(['石墨烯', '增材制造'])
  })
})
