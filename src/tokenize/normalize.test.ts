import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { normalize, normalizeByTable, normalizeFully } from './normalize.js'
import { anyText, mixedText } from '../../test/helpers/arbitraries.js'

describe('normalize', () => {
  it('maps full-width and compatibility forms to their plain form (NFKC)', () => {
    expect(normalize('ＣＯ₂排放５Ｇ基站')).toBe('co2排放5g基站')
    expect(normalize('①号机组，面积20㎡，温度30℃')).toBe('1号机组,面积20m2,温度30°c')
    expect(normalize('\uF900')).toBe('\u8C48') // compatibility ideograph → unified
  })

  it('lower-cases letters', () => {
    expect(normalize('YOLOv5 IGBT PM2.5')).toBe('yolov5 igbt pm2.5')
  })

  it('collapses whitespace runs to one space and trims', () => {
    expect(normalize('  石墨烯\t\n\r\n 改性\u3000\u00a0涂层  ')).toBe('石墨烯 改性 涂层')
    expect(normalize('a\u0085b')).toBe('a b')
  })

  it('removes zero-width, format and control characters and lone surrogates', () => {
    expect(normalize('石墨\u200B烯\u200D\uFEFF\u00AD')).toBe('石墨烯')
    expect(normalize('\u0000a\u0007b\u001Fc\u007F')).toBe('abc')
    expect(normalize('x\uD800y\uDFFFz')).toBe('xyz')
  })

  it('keeps paired surrogates (astral ideographs, emoji)', () => {
    expect(normalize('𠀀😀')).toBe('𠀀😀')
  })

  it('returns plain lower-case ASCII unchanged', () => {
    expect(normalize('pm2.5 co2 1-mcp')).toBe('pm2.5 co2 1-mcp')
    expect(normalize('')).toBe('')
  })

  it('is idempotent: normalize(normalize(x)) === normalize(x)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalize(text)
        expect(normalize(once)).toBe(once)
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws and leaves no control, format, lone-surrogate or doubled whitespace', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = normalize(text)
        expect(out).not.toMatch(/[\p{Cs}\p{Cf}]|[^\S ]|\p{Cc}| {2}|^ | $/u)
        expect(out).toBe(out.normalize('NFKC'))
      }),
      { numRuns: 2000 },
    )
  })
})

// Code units from every range the table describes, plus neighbours it must refuse: combining
// marks, Hangul jamo, capital sigma, surrogates, and the usual Chinese text.
const tableUnit = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }),
  fc.integer({ min: 0x3400, max: 0x4dbf }),
  fc.integer({ min: 0x0000, max: 0x052f }),
  fc.integer({ min: 0x2000, max: 0x2bff }),
  fc.integer({ min: 0x3000, max: 0x33ff }),
  fc.integer({ min: 0xf900, max: 0xfaff }),
  fc.integer({ min: 0xfe30, max: 0xffef }),
  fc.constantFrom(0x20, 0x20, 0x0301, 0x0308, 0x3099, 0x1161, 0x11a8, 0x1100, 0xac00, 0x03a3, 0xd800, 0xdc00, 0x200b, 0xfeff, 0x85, 0x3000, 0xff0c, 0x2103),
)
const tableText = fc.array(tableUnit, { maxLength: 40 }).map((units) => String.fromCharCode(...units))

describe('normalize: the table-driven path', () => {
  it('agrees with the full pipeline wherever it answers (random text of the described ranges)', () => {
    fc.assert(
      fc.property(fc.oneof(tableText, anyText), (text) => {
        const fast = normalizeByTable(text)
        if (fast !== undefined) expect(fast).toBe(normalizeFully(text))
        expect(normalize(text)).toBe(normalizeFully(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('agrees with the full pipeline on every BMP code unit, alone and between neighbours', () => {
    const around = ['', 'a', 'A', ' ', '石', '\u0301', '\u1161', '\u200b', 'Σ', '，']
    for (let c = 0; c < 0x10000; c++) {
      const unit = String.fromCharCode(c)
      for (const [before, after] of [['', ''], ...around.map((x) => [x, x]), ['a', '\u0301'], ['\u1100', '\u1161'], [' ', ' ']]) {
        const text = `${before}${unit}${after}`
        const fast = normalizeByTable(text)
        if (fast !== undefined && fast !== normalizeFully(text)) expect.fail(`U+${c.toString(16)} in ${JSON.stringify(text)}`)
      }
    }
  })

  it('refuses every code point that canonical composition can join to a preceding one', () => {
    // Every code point after the first of a canonical decomposition can compose with what precedes it.
    const joiners = new Set<number>()
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue
      const parts = [...String.fromCodePoint(c).normalize('NFD')]
      for (const part of parts.slice(1)) joiners.add(part.codePointAt(0) as number)
    }
    for (const c of joiners) expect(normalizeByTable(`a${String.fromCodePoint(c)}`), `U+${c.toString(16)}`).toBeUndefined()
  })

  it('handles common Chinese text itself, returning the same string when it is already normal', () => {
    const normal = '石墨烯改性304不锈钢 co2捕集。“热障涂层”、《标准》'
    expect(normalizeByTable(normal)).toBe(normal)
    expect(normalizeByTable('ＣＯ２排放，温度30℃\u3000 Ａ\u200b')).toBe('co2排放,温度30°c a')
    expect(normalizeByTable('e\u0301')).toBeUndefined()
  })

  it('returns the same result when called again with the same text (the memo)', () => {
    fc.assert(
      fc.property(fc.array(mixedText, { minLength: 1, maxLength: 20 }), (list) => {
        const first = list.map(normalize)
        const again = list.map(normalize)
        expect(again).toEqual(first)
        expect(first).toEqual(list.map(normalizeFully))
      }),
    )
  })
})
