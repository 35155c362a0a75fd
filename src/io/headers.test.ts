import { describe, expect, it } from 'vitest'
import { MatchError } from '../errors.js'
import { createHeaderMapper, normalizeHeader, SCHEMA_FIELDS } from './headers.js'

describe('normalizeHeader', () => {
  it('folds full-width brackets and letters, case, spaces, _ - and * marks', () => {
    expect(normalizeHeader('价格（万元）')).toBe('价格(万元)')
    expect(normalizeHeader(' Maturity_Required ')).toBe('maturityrequired')
    expect(normalizeHeader('ＩＤ')).toBe('id')
    expect(normalizeHeader('*成果 名称')).toBe('成果名称')
    expect(normalizeHeader('\ufeff编号')).toBe('编号')
  })
})

describe('createHeaderMapper', () => {
  it('maps the Chinese names of achievements', () => {
    const mapper = createHeaderMapper('achievement')
    const cases: [string, string][] = [
      ['成果名称', 'title'], ['项目名称', 'title'], ['成果简介', 'summary'], ['成果介绍', 'summary'], ['简介', 'summary'],
      ['关键词', 'keywords'], ['关键字', 'keywords'], ['所属领域', 'field'], ['技术领域', 'field'], ['行业领域', 'field'],
      ['成熟度', 'maturity'], ['技术成熟度', 'maturity'], ['成果成熟度', 'maturity'], ['合作方式', 'cooperation'],
      ['转化方式', 'cooperation'], ['交易方式', 'cooperation'], ['完成单位', 'institution'], ['单位名称', 'institution'],
      ['单位类型', 'institutionType'], ['单位性质', 'institutionType'], ['所在地区', 'region'], ['所在地', 'region'],
      ['区域', 'region'], ['价格', 'price'], ['转让价格', 'price'], ['参考价格', 'price'], ['意向价格', 'price'],
      ['价格(万元)', 'price'], ['价格（万元）', 'price'], ['年份', 'year'], ['登记年份', 'year'], ['编号', 'id'],
      ['ID', 'id'], ['序号', 'id'],
    ]
    for (const [header, field] of cases) expect([header, mapper.fieldOf(header)]).toEqual([header, field])
  })

  it('maps the Chinese names of needs', () => {
    const mapper = createHeaderMapper('need')
    const cases: [string, string][] = [
      ['需求名称', 'title'], ['需求标题', 'title'], ['需求描述', 'description'], ['需求内容', 'description'],
      ['需求详情', 'description'], ['问题描述', 'description'], ['预算', 'budget'], ['预算(万元)', 'budget'],
      ['预算（万元）', 'budget'], ['拟投入资金', 'budget'], ['投入资金', 'budget'], ['需求单位', 'company'],
      ['企业名称', 'company'], ['单位名称', 'company'], ['截止日期', 'deadline'], ['截止时间', 'deadline'],
      ['有效期', 'deadline'], ['成熟度要求', 'maturityRequired'], ['最低成熟度', 'maturityRequired'],
      ['合作方式', 'cooperation'], ['领域', 'field'], ['地区', 'region'],
    ]
    for (const [header, field] of cases) expect([header, mapper.fieldOf(header)]).toEqual([header, field])
  })

  it('maps the Chinese names of experts, where title is 职称 and 简介 is bio', () => {
    const mapper = createHeaderMapper('expert')
    const cases: [string, string][] = [
      ['姓名', 'name'], ['职称', 'title'], ['所在单位', 'institution'], ['工作单位', 'institution'],
      ['研究方向', 'directions'], ['专业方向', 'directions'], ['擅长领域', 'directions'], ['简介', 'bio'],
      ['个人简介', 'bio'], ['专家简介', 'bio'], ['领域', 'fields'], ['专业领域', 'fields'], ['编号', 'id'],
    ]
    for (const [header, field] of cases) expect([header, mapper.fieldOf(header)]).toEqual([header, field])
    expect(mapper.fieldOf('成果名称')).toBeUndefined()
  })

  it('maps every schema name of each kind, in any case and spacing', () => {
    for (const kind of ['achievement', 'need', 'expert'] as const) {
      const mapper = createHeaderMapper(kind)
      for (const field of SCHEMA_FIELDS[kind]) {
        expect(mapper.fieldOf(field)).toBe(field)
        expect(mapper.fieldOf(` ${field.toUpperCase()} `)).toBe(field)
      }
    }
  })

  it('tries a header without its trailing note in brackets', () => {
    const mapper = createHeaderMapper('need')
    expect(mapper.fieldOf('合作方式（可多选）')).toBe('cooperation')
    expect(mapper.fieldOf('拟投入资金(万元)')).toBe('budget')
    expect(mapper.fieldOf('(备注)')).toBeUndefined()
  })

  it('lets a user mapping add names, override built-in ones and ignore columns', () => {
    const mapper = createHeaderMapper('achievement', { 项目编号: 'id', 简介: 'title', 单位名称: null })
    expect(mapper.fieldOf('项目编号')).toBe('id')
    expect(mapper.fieldOf('项目 编号')).toBe('id')
    expect(mapper.fieldOf('简介')).toBe('title')
    expect(mapper.fieldOf('单位名称')).toBeUndefined()
    expect(mapper.fieldOf('完成单位')).toBe('institution')
  })

  it('rejects a user mapping to a field the kind does not have', () => {
    const call = () => createHeaderMapper('expert', { 预算: 'budget' })
    expect(call).toThrow(MatchError)
    expect(call).toThrow('invalid headers["预算"]: "budget", must be null or a expert field: id, name, title, institution, region, fields, directions, bio, vector')
  })

  it('treats prototype names as unknown columns and leaves Object.prototype alone', () => {
    const mapper = createHeaderMapper('need')
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__']) {
      expect(mapper.fieldOf(name)).toBeUndefined()
    }
    const fromJson = JSON.parse('{"__proto__": "id", "constructor": "title"}') as Record<string, string>
    const mapped = createHeaderMapper('need', fromJson)
    expect(mapped.fieldOf('__proto__')).toBe('id')
    expect(mapped.fieldOf('constructor')).toBe('title')
    expect(createHeaderMapper('need', new Map([['prototype', 'budget']])).fieldOf('prototype')).toBe('budget')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })
})
