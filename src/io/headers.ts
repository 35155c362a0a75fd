/**
 * Column headers and JSON keys → schema fields, per record kind.
 *
 * Platform exports name their columns in Chinese, each platform a little differently
 * (成果名称, 项目名称; 预算（万元）, 拟投入资金). This file knows the usual names; a user mapping
 * adds or overrides. Lookups go through a `Map`, so a column named `__proto__` or
 * `constructor` is just an unknown column.
 */

import type { RecordKind } from '../types.js'
import { invalidOption, invariant } from '../errors.js'

/** The schema fields of each kind (datasets/SCHEMA.md), plus the optional `vector`. */
export const SCHEMA_FIELDS = {
  achievement: ['id', 'title', 'summary', 'keywords', 'field', 'maturity', 'cooperation', 'institution', 'institutionType', 'region', 'price', 'year', 'vector'],
  need: ['id', 'title', 'description', 'field', 'region', 'budget', 'cooperation', 'maturityRequired', 'company', 'deadline', 'vector'],
  expert: ['id', 'name', 'title', 'institution', 'region', 'fields', 'directions', 'bio', 'vector'],
} as const satisfies Record<RecordKind, readonly string[]>

/** A schema field name of any kind. */
export type SchemaField = (typeof SCHEMA_FIELDS)[RecordKind][number]

const ID = ['编号', 'id', '序号', 'ID号', '记录编号']
const REGION = ['所在地区', '地区', '所在地', '区域', '所在区域', '所属地区', '省市']
const FIELD = ['所属领域', '领域', '技术领域', '行业领域', '所属行业', '行业']
const COOPERATION = ['合作方式', '转化方式', '交易方式', '意向合作方式']

/** Built-in Chinese names, per kind and field. English schema names are added below. */
const BUILT_IN: Readonly<Record<RecordKind, Readonly<Record<string, readonly string[]>>>> = {
  achievement: {
    id: [...ID, '成果编号'],
    title: ['成果名称', '项目名称', '成果标题', '技术名称'],
    summary: ['成果简介', '成果介绍', '简介', '成果描述', '技术简介', '内容简介'],
    keywords: ['关键词', '关键字'],
    field: FIELD,
    maturity: ['成熟度', '技术成熟度', '成果成熟度', '成熟程度'],
    cooperation: COOPERATION,
    institution: ['完成单位', '所属单位', '单位名称', '持有单位', '成果持有单位'],
    institutionType: ['单位类型', '单位性质'],
    region: REGION,
    price: ['价格', '转让价格', '参考价格', '意向价格', '价格(万元)'],
    year: ['年份', '登记年份', '成果年份'],
    vector: ['向量'],
  },
  need: {
    id: [...ID, '需求编号'],
    title: ['需求名称', '需求标题'],
    description: ['需求描述', '需求内容', '需求详情', '问题描述', '需求简介'],
    field: FIELD,
    region: REGION,
    budget: ['预算', '预算(万元)', '拟投入资金', '投入资金', '预算金额'],
    cooperation: [...COOPERATION, '期望合作方式'],
    maturityRequired: ['成熟度要求', '最低成熟度'],
    company: ['需求单位', '企业名称', '单位名称', '需求企业', '发布单位'],
    deadline: ['截止日期', '截止时间', '有效期'],
    vector: ['向量'],
  },
  expert: {
    id: [...ID, '专家编号'],
    name: ['姓名', '专家姓名'],
    title: ['职称'],
    institution: ['所在单位', '工作单位', '单位名称'],
    region: REGION,
    fields: ['领域', '专业领域', '所属领域'],
    directions: ['研究方向', '专业方向', '擅长领域'],
    bio: ['简介', '个人简介', '专家简介'],
    vector: ['向量'],
  },
}

/**
 * Normalises a header for lookup: NFKC (full-width `（万元）` → `(万元)`, full-width letters),
 * lower case, no whitespace, `_` or `-`, no required-field marks `*`, no zero-width characters.
 *
 * @param header The header as it stands in the file.
 *
 * @returns The lookup key: `'价格（万元）'` → `'价格(万元)'`, `' Maturity_Required '` → `'maturityrequired'`.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*\u200b-\u200d\ufeff]/g, '')
}

/** A user mapping, column name → schema field (`null` ignores the column). */
export type HeaderMapping = ReadonlyMap<string, string | null> | Readonly<Record<string, string | null>>

/** Maps the headers of one kind; build once with {@link createHeaderMapper}, then look up per column. */
export interface HeaderMapper {
  readonly kind: RecordKind
  /** The schema field of a header, or `undefined` for an unknown or ignored column. */
  fieldOf(header: string): SchemaField | undefined
}

function isSchemaField(kind: RecordKind, name: string): name is SchemaField {
  return (SCHEMA_FIELDS[kind] as readonly string[]).includes(name)
}

function mappingEntries(mapping: HeaderMapping | undefined): [string, unknown][] {
  if (mapping === undefined) return []
  if (mapping instanceof Map) return [...(mapping as ReadonlyMap<string, unknown>).entries()]
  if (typeof mapping !== 'object' || mapping === null) return invalidOption('headers', mapping, 'must be an object or a Map of column name → field')
  // Own keys only: a JSON-parsed mapping may hold `__proto__` as an own key, which is kept.
  return Object.keys(mapping).map((key) => [key, (mapping as Record<string, unknown>)[key]])
}

/**
 * Creates the header mapper of a kind.
 *
 * A header maps to a field when its normalised form is the field's English name or one of the
 * built-in Chinese names; failing that, the header without a trailing parenthesised note
 * (`合作方式(可多选)` → `合作方式`) is tried. The user mapping comes first.
 *
 * @param kind The record kind: `title` is 成果名称/需求名称 for achievements and needs, 职称 for experts.
 * @param mapping The user mapping, e.g. `{ '项目编号': 'id' }`; `null` ignores a column.
 * Pass a `Map` for a column literally named `__proto__` (an object literal cannot hold it).
 *
 * @returns The mapper.
 *
 * @throws MatchError `INVALID_OPTION` when the mapping names a field the kind does not have.
 */
export function createHeaderMapper(kind: RecordKind, mapping?: HeaderMapping): HeaderMapper {
  const table = new Map<string, SchemaField | null>()
  for (const field of SCHEMA_FIELDS[kind]) table.set(normalizeHeader(field), field)
  for (const [field, names] of Object.entries(BUILT_IN[kind])) {
    invariant(isSchemaField(kind, field), `built-in header table names unknown field ${field}`)
    for (const name of names) table.set(normalizeHeader(name), field)
  }
  for (const [column, field] of mappingEntries(mapping)) {
    if (field === null) table.set(normalizeHeader(column), null)
    else if (typeof field === 'string' && isSchemaField(kind, field)) table.set(normalizeHeader(column), field)
    else invalidOption(`headers[${JSON.stringify(column)}]`, field, `must be null or a ${kind} field: ${SCHEMA_FIELDS[kind].join(', ')}`)
  }
  const cache = new Map<string, SchemaField | undefined>()
  return {
    kind,
    fieldOf(header: string): SchemaField | undefined {
      if (cache.has(header)) return cache.get(header)
      const key = normalizeHeader(header)
      let found = table.get(key)
      if (found === undefined) {
        const bare = key.replace(/\([^()]*\)$/, '')
        if (bare !== key && bare.length > 0) found = table.get(bare)
      }
      const field = found ?? undefined
      // JSON keys repeat on every line; the cache is bounded so a file of random keys cannot grow it.
      if (cache.size < 10_000) cache.set(header, field)
      return field
    },
  }
}
