import { describe, expect, it } from 'vitest'
import { formatRegion, parseRegion, regionProximity } from './region.js'

describe('parseRegion', () => {
  it('cuts a province path into province, city and county', () => {
    expect(parseRegion('陕西省西安市鄠邑区')).toEqual({ province: '陕西省', city: '西安市', county: '鄠邑区' })
  })
  it('handles autonomous regions and 兵团 cities directly under them', () => {
    expect(parseRegion('新疆维吾尔自治区石河子市')).toEqual({ province: '新疆维吾尔自治区', city: '石河子市' })
    expect(parseRegion('广西壮族自治区防城港市港口区')).toEqual({ province: '广西壮族自治区', city: '防城港市', county: '港口区' })
    expect(parseRegion('新疆维吾尔自治区伊犁哈萨克自治州伊宁市')).toEqual({ province: '新疆维吾尔自治区', city: '伊犁哈萨克自治州', county: '伊宁市' })
  })
  it('regression: keeps 市 of a city whose name ends in 州 (钦州市, not 钦州)', () => {
    expect(parseRegion('广西壮族自治区钦州市钦南区')).toEqual({ province: '广西壮族自治区', city: '钦州市', county: '钦南区' })
    expect(parseRegion('四川省凉山州西昌市')).toEqual({ province: '四川省', city: '凉山州', county: '西昌市' })
  })
  it('treats municipalities as province and city at once', () => {
    expect(parseRegion('北京市海淀区')).toEqual({ province: '北京市', city: '北京市', county: '海淀区' })
  })
  it('expands short province names', () => {
    expect(parseRegion('广西南宁市')).toEqual({ province: '广西壮族自治区', city: '南宁市' })
    expect(parseRegion('陕西')).toEqual({ province: '陕西省' })
  })
  it('gives an empty region for blank or missing input', () => {
    expect(parseRegion(undefined)).toEqual({})
    expect(parseRegion('  ')).toEqual({})
  })
})

describe('regionProximity', () => {
  it('names the deepest shared level', () => {
    const xian = parseRegion('陕西省西安市雁塔区')
    expect(regionProximity(xian, parseRegion('陕西省西安市雁塔区'))).toBe('county')
    expect(regionProximity(xian, parseRegion('陕西省西安市鄠邑区'))).toBe('city')
    expect(regionProximity(xian, parseRegion('陕西省杨凌示范区'))).toBe('province')
    expect(regionProximity(xian, parseRegion('广西壮族自治区南宁市'))).toBe('none')
    expect(regionProximity(xian, parseRegion(''))).toBe('unknown')
  })
  it('formats without repeating a municipality', () => {
    expect(formatRegion(parseRegion('上海市浦东新区'), 'city')).toBe('上海市')
  })
})
