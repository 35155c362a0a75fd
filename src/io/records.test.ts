import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createHeaderMapper } from './headers.js'
import { buildRecord, toRecord } from './records.js'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

describe('toRecord', () => {
  it('maps Chinese keys and parses each field', () => {
    const result = toRecord('need', {
      编号: 'N1', 需求名称: ' 镀锌件锈蚀 ', 需求描述: '海边\n两三年就锈', 预算: '150万', 合作方式: '技术转让、技术许可',
      成熟度要求: '中试', 需求单位: '某电力公司', 截止日期: '2025-12-31', 所在地区: '广西壮族自治区防城港市', 所属领域: '新材料',
    })
    expect(result).toEqual({
      ok: true,
      record: {
        id: 'N1', title: '镀锌件锈蚀', description: '海边\n两三年就锈', field: '新材料', region: '广西壮族自治区防城港市',
        budget: 150, cooperation: ['技术转让', '技术许可'], maturityRequired: '中试', company: '某电力公司', deadline: '2025-12-31',
      },
    })
  })

  it('writes the keys in schema order and only schema fields', () => {
    const result = toRecord('achievement', { year: 2020, 备注: 'x', title: 'T', id: 'A1', price: 3 })
    expect(result.ok && Object.keys(result.record)).toEqual(['id', 'title', 'price', 'year'])
  })

  it('rejects a record without id or title, naming the field', () => {
    expect(toRecord('achievement', { title: 'T' })).toEqual({ ok: false, field: 'id', reason: 'missing id' })
    expect(toRecord('achievement', { id: 'A1', title: '   ' })).toEqual({ ok: false, field: 'title', reason: 'missing title' })
    expect(toRecord('need', { id: 'N1', description: 'd' })).toEqual({ ok: false, field: 'title', reason: 'missing title' })
  })

  it('rejects a title or name with no letter or digit of any script (punctuation, emoji), and accepts one letter of any script', () => {
    const reason = (value: string) => `no letter, digit or Chinese character, nothing to match on: ${JSON.stringify(value)}`
    expect(toRecord('achievement', { id: 'A1', title: '！？。……' })).toEqual({ ok: false, field: 'title', reason: reason('！？。……') })
    expect(toRecord('need', { id: 'N1', title: '🔥🔥 ✨' })).toEqual({ ok: false, field: 'title', reason: reason('🔥🔥 ✨') })
    expect(toRecord('expert', { id: 'E1', name: '——' })).toEqual({ ok: false, field: 'name', reason: reason('——') })
    for (const title of ['🔋锂电池', 'Ω', '한', '5G', '①']) expect(toRecord('need', { id: 'N1', title }).ok).toBe(true)
    // Only the text identity must hold a word: an id of punctuation is still an id.
    expect(toRecord('need', { id: '---', title: '锂电池' }).ok).toBe(true)
  })

  it('requires an expert to have a name, not a 职称', () => {
    expect(toRecord('expert', { id: 'E1', 姓名: '张三' })).toEqual({ ok: true, record: { id: 'E1', name: '张三' } })
    expect(toRecord('expert', { id: 'E1', 职称: '教授' })).toEqual({ ok: false, field: 'name', reason: 'missing name' })
  })

  it('reports a missing id before a bad optional field', () => {
    expect(toRecord('need', { title: 'T', budget: '约五十万' })).toEqual({ ok: false, field: 'id', reason: 'missing id' })
    expect(toRecord('need', { id: 'N', title: 'T', budget: '约五十万' })).toEqual({ ok: false, field: 'budget', reason: 'not a number: "约五十万"' })
  })

  it('rejects a value of the wrong type, naming the field', () => {
    expect(toRecord('achievement', { id: 'A1', title: 'T', summary: 42 })).toEqual({ ok: false, field: 'summary', reason: 'not a string: 42' })
    expect(toRecord('achievement', { id: 'A1', title: 'T', summary: { a: 1 } })).toEqual({ ok: false, field: 'summary', reason: 'not a string: {"a":1}' })
    expect(toRecord('achievement', { id: 'A1', title: 'T', keywords: { a: 1 } })).toEqual({ ok: false, field: 'keywords', reason: 'not a string or a list of strings: {"a":1}' })
    expect(toRecord('achievement', { id: { x: 1 }, title: 'T' })).toEqual({ ok: false, field: 'id', reason: 'not a string: {"x":1}' })
    expect(toRecord('expert', { id: 'E', name: 'N', vector: [1, 'a'] })).toEqual({ ok: false, field: 'vector', reason: 'vector item is not a finite number: "a"' })
  })

  it('rejects what is not an object', () => {
    expect(toRecord('need', [1])).toEqual({ ok: false, reason: 'not a JSON object: an array' })
    expect(toRecord('need', null)).toEqual({ ok: false, reason: 'not a JSON object: null' })
    expect(toRecord('need', 'N1')).toEqual({ ok: false, reason: 'not a JSON object: string' })
  })

  it('takes the first non-blank value when several keys map to one field', () => {
    expect(toRecord('achievement', { id: 'A', 成果名称: '', 项目名称: '第二个', title: '第三个' })).toEqual({ ok: true, record: { id: 'A', title: '第二个' } })
    expect(toRecord('achievement', { id: 'A', 成果名称: '第一个', 项目名称: '第二个' })).toEqual({ ok: true, record: { id: 'A', title: '第一个' } })
  })

  it('uses a user mapping or a prebuilt mapper', () => {
    expect(toRecord('need', { 项目编号: 'P1', 需求名称: 'T' }, { headers: { 项目编号: 'id' } })).toEqual({ ok: true, record: { id: 'P1', title: 'T' } })
    const mapper = createHeaderMapper('need', { 项目编号: 'id' })
    expect(toRecord('need', { 项目编号: 'P1', 需求名称: 'T' }, { headers: mapper })).toEqual({ ok: true, record: { id: 'P1', title: 'T' } })
  })

  it('does not mutate the input', () => {
    const input = deepFreeze({ id: ' A1 ', title: ' T ', keywords: [' a ', ''], cooperation: '技术转让、技术许可', vector: [1, 2] })
    const copy = structuredClone(input)
    const result = toRecord('achievement', input)
    expect(input).toEqual(copy)
    expect(result.ok && result.record.keywords).not.toBe(input.keywords)
    expect(result.ok && result.record.vector).not.toBe(input.vector)
  })

  it('keeps __proto__ and constructor keys out of the record and its prototype', () => {
    const input = JSON.parse('{"id": "__proto__", "title": "constructor", "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown
    const result = toRecord('achievement', input)
    expect(result).toEqual({ ok: true, record: { id: '__proto__', title: 'constructor' } })
    expect(result.ok && Object.getPrototypeOf(result.record)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('never throws and never touches Object.prototype, whatever the object', () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'title', '编号', '预算', 'keywords', 'vector', 'budget'), fc.string())
    fc.assert(
      fc.property(fc.constantFrom('achievement', 'need', 'expert' as const), fc.dictionary(key, fc.jsonValue()), (kind, object) => {
        const input = JSON.parse(JSON.stringify(object)) as unknown
        toRecord(kind, input)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
    )
  })
})

describe('buildRecord', () => {
  it('takes mapped pairs in column order', () => {
    expect(buildRecord('expert', [['id', 'E1'], ['name', ''], ['name', '李四'], ['directions', '育种 栽培']])).toEqual({
      ok: true,
      record: { id: 'E1', name: '李四', directions: ['育种', '栽培'] },
    })
  })
})
