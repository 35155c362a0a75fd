import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { normalize } from './normalize.js'
import { anyText } from '../../test/helpers/arbitraries.js'

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
