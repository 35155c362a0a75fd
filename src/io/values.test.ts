import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseAmount, parseId, parseList, parseText, parseVector, parseYear } from './values.js'

describe('parseAmount', () => {
  it.each([
    [50, 50],
    [50.5, 50.5],
    ['50', 50],
    [' 50 ', 50],
    ['50.5', 50.5],
    ['50万', 50],
    ['50万元', 50],
    ['50 万元', 50],
    ['1,200', 1200],
    ['12,345.5', 12345.5],
    ['１２０万', 120],
    ['1.2亿', 12000],
    ['80000元', 8],
    ['¥50万', 50],
    ['0', 0],
    ['1e3', 1000],
  ])('reads %j as %d 万元', (raw, expected) => {
    expect(parseAmount(raw)).toEqual({ value: expected })
  })

  it.each([['面议'], [''], ['  '], ['-'], ['—'], ['待定'], [null], [undefined], ['N/A']])('reads %j as missing, not as an error', (raw) => {
    expect(parseAmount(raw)).toEqual({ value: undefined })
  })

  it.each([
    ['约五十万', 'not a number: "约五十万"'],
    ['50-100万', 'not a number: "50-100万"'],
    ['1,2', 'not a number: "1,2"'],
    ['12,34,567', 'not a number: "12,34,567"'],
    [true, 'not a number: true'],
    [{ a: 1 }, 'not a number: {"a":1}'],
    [[50], 'not a number: [50]'],
    [-5, 'negative amount: -5'],
    ['-5万', 'negative amount: "-5万"'],
    [Number.POSITIVE_INFINITY, 'not a finite number: Infinity'],
    ['1e400', 'not a finite number: "1e400"'],
  ])('rejects %j with the reason %j', (raw, reason) => {
    expect(parseAmount(raw)).toEqual({ error: reason })
  })

  it('reads the text of every non-negative finite number back as that number', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (x) => {
        const expected = x === 0 ? 0 : x
        expect(parseAmount(String(x))).toEqual({ value: expected })
        expect(parseAmount(x)).toEqual({ value: expected })
      }),
    )
  })

  it('never throws, whatever the value', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.anything()), (raw) => {
      parseAmount(raw)
    }))
  })
})

describe('parseYear', () => {
  it.each([[2023, 2023], ['2023', 2023], [' 2023年 ', 2023], ['２０２３', 2023], ['2023.0', 2023]])('reads %j as %d', (raw, year) => {
    expect(parseYear(raw)).toEqual({ value: year })
  })

  it.each([[''], ['面议'], [null]])('reads %j as missing', (raw) => {
    expect(parseYear(raw)).toEqual({ value: undefined })
  })

  it.each([[23, 'not a year: 23'], ['2023-05', 'not a year: "2023-05"'], [2023.5, 'not a year: 2023.5'], ['二〇二三', 'not a year: "二〇二三"'], [[2023], 'not a year: [2023]']])(
    'rejects %j',
    (raw, reason) => {
      expect(parseYear(raw)).toEqual({ error: reason })
    },
  )
})

describe('parseList', () => {
  it.each([
    ['石墨烯、导热，散热', ['石墨烯', '导热', '散热']],
    ['a,b;c；d|e/f', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['技术转让 技术许可\t合作开发', ['技术转让', '技术许可', '合作开发']],
    ['技术转让／技术许可｜作价入股', ['技术转让', '技术许可', '作价入股']],
    [' 单个 ', ['单个']],
    ['、、a,,', ['a']],
  ])('splits %j', (raw, items) => {
    expect(parseList(raw)).toEqual({ value: items })
  })

  it('keeps the items of an array, trimmed, dropping empty ones, and does not split them', () => {
    expect(parseList([' 石墨烯 ', '', '导热、散热', null])).toEqual({ value: ['石墨烯', '导热、散热'] })
  })

  it.each([[''], ['、 ,'], [[]], [['', ' ']], [null]])('reads %j as missing', (raw) => {
    expect(parseList(raw)).toEqual({ value: undefined })
  })

  it('rejects an object, a number and an array holding a non-string', () => {
    expect(parseList({ a: 1 })).toEqual({ error: 'not a string or a list of strings: {"a":1}' })
    expect(parseList(5)).toEqual({ error: 'not a string or a list of strings: 5' })
    expect(parseList(['a', 1])).toEqual({ error: 'list item is not a string: 1' })
  })
})

describe('parseText and parseId', () => {
  it('trims text and keeps everything inside', () => {
    expect(parseText('  陕西省 西安市\n鄠邑区  ')).toEqual({ value: '陕西省 西安市\n鄠邑区' })
  })

  it('reads empty text as missing and rejects a non-string', () => {
    expect(parseText('   ')).toEqual({ value: undefined })
    expect(parseText(12)).toEqual({ error: 'not a string: 12' })
    expect(parseText({})).toEqual({ error: 'not a string: {}' })
  })

  it('reads an integer id as its decimal text and rejects a fractional one', () => {
    expect(parseId(17)).toEqual({ value: '17' })
    expect(parseId(' A0001 ')).toEqual({ value: 'A0001' })
    expect(parseId(1.5)).toEqual({ error: 'not a string or an integer: 1.5' })
    expect(parseId(true)).toEqual({ error: 'not a string: true' })
  })

  it('turns control characters other than tab and line breaks into spaces in text', () => {
    expect(parseText('导热\u0000硅胶\u001b[31m垫片\u0007')).toEqual({ value: '导热 硅胶 [31m垫片' })
    expect(parseText('a\u007fb\u0085c\td\ne')).toEqual({ value: 'a b c\td\ne' })
    expect(parseText('\u0000\u0001')).toEqual({ value: undefined })
  })

  it('rejects an id holding a control character, tab and line breaks included, and leaves a clean id alone', () => {
    expect(parseId('A\u0000X')).toEqual({ error: 'holds a control character: "A\\u0000X"' })
    expect(parseId('A\t1')).toEqual({ error: 'holds a control character: "A\\t1"' })
    expect(parseId('A\n1')).toEqual({ error: 'holds a control character: "A\\n1"' })
    expect(parseId(' __proto__\t')).toEqual({ value: '__proto__' })
  })
})

describe('parseVector', () => {
  it('reads arrays, JSON text and separated numbers', () => {
    expect(parseVector([0.1, -2, 3])).toEqual({ value: [0.1, -2, 3] })
    expect(parseVector('[0.1, -2]')).toEqual({ value: [0.1, -2] })
    expect(parseVector('0.1,-2 3、4')).toEqual({ value: [0.1, -2, 3, 4] })
    expect(parseVector('')).toEqual({ value: undefined })
    expect(parseVector([])).toEqual({ value: undefined })
  })

  it('rejects non-numbers, naming the first bad item', () => {
    expect(parseVector([0.1, 'x'])).toEqual({ error: 'vector item is not a finite number: "x"' })
    expect(parseVector('0.1 abc')).toEqual({ error: 'vector item is not a finite number: "abc"' })
    expect(parseVector('[0.1,')).toEqual({ error: 'not a JSON array of numbers: "[0.1,"' })
    expect(parseVector({ 0: 1 })).toEqual({ error: 'not a list of numbers: {"0":1}' })
  })
})
