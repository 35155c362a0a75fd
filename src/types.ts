/**
 * The records of datasets/SCHEMA.md: the library's input model.
 *
 * Field names are exactly the schema's. Every field but `id` and `title` may be missing:
 * real platform exports miss many, and code must cope.
 */

/** The id of a record as it stands in the data (`A0001`, `N0001`, `E0001`). */
export type DocId = string

/** 成熟度, from least to most mature. */
export const MATURITY_LEVELS = ['实验室', '小试', '中试', '小批量', '产业化'] as const
export type Maturity = (typeof MATURITY_LEVELS)[number]

/** 合作方式, the usual cooperation modes. Free-text values are kept as they are. */
export const COOPERATION_MODES = ['技术转让', '技术许可', '合作开发', '作价入股', '技术服务', '技术咨询'] as const
export type Cooperation = (typeof COOPERATION_MODES)[number]

/** 所属领域, the field list of SCHEMA.md. Free-text fields are kept as they are. */
export const FIELDS = [
  '新一代信息技术', '高端装备制造', '新材料', '生物医药', '新能源', '新能源汽车',
  '节能环保', '现代农业', '能源化工', '文化科技', '航空航天', '食品与轻纺',
] as const

/** 科技成果: a result of a university or institute (supply). */
export interface Achievement {
  readonly id: DocId
  /** 成果名称 */
  readonly title: string
  /** 成果简介: what it is, how it works, performance figures, where it applies. */
  readonly summary?: string
  /** 关键词 given by the owner (may be missing or poor). */
  readonly keywords?: readonly string[]
  /** 所属领域 */
  readonly field?: string
  /** 成熟度 */
  readonly maturity?: string
  /** 合作方式 */
  readonly cooperation?: readonly string[]
  /** 完成单位 */
  readonly institution?: string
  /** `高校` `科研院所` `企业` `医疗机构` `其他` */
  readonly institutionType?: string
  /** Administrative path, e.g. `陕西省西安市鄠邑区`. */
  readonly region?: string
  /** Asking price, in 万元 (ten thousand yuan). */
  readonly price?: number
  /** Year the result was registered. */
  readonly year?: number
  /** Optional dense vector from the user's own embedding service. */
  readonly vector?: readonly number[]
}

/** 企业技术需求: a technology need posted by an enterprise (demand). */
export interface Need {
  readonly id: DocId
  /** 需求名称 */
  readonly title: string
  /** 需求描述, in the enterprise's own words. */
  readonly description?: string
  /** 所属领域 (enterprises often pick a wrong or vague one). */
  readonly field?: string
  /** Where the enterprise is, as an administrative path. */
  readonly region?: string
  /** What the enterprise can spend, in 万元. */
  readonly budget?: number
  /** The 合作方式 it accepts. */
  readonly cooperation?: readonly string[]
  /** The lowest 成熟度 it can use. */
  readonly maturityRequired?: string
  /** 需求单位 */
  readonly company?: string
  /** ISO date. */
  readonly deadline?: string
  /** Optional dense vector from the user's own embedding service. */
  readonly vector?: readonly number[]
}

/** 专家 / 科技特派员: an expert profile. */
export interface Expert {
  readonly id: DocId
  /** 姓名 */
  readonly name?: string
  /** 职称: 教授, 研究员, 高级工程师, … (not a text title: the schema reuses the name). */
  readonly title?: string
  /** 所在单位 */
  readonly institution?: string
  /** Administrative path. */
  readonly region?: string
  /** 领域 */
  readonly fields?: readonly string[]
  /** 研究方向 */
  readonly directions?: readonly string[]
  /** 简介: work, results, services offered. */
  readonly bio?: string
  /** Optional dense vector from the user's own embedding service. */
  readonly vector?: readonly number[]
}

/** The three record types. */
export type RecordKind = 'achievement' | 'need' | 'expert'

/** Any record, tagged by nothing: use {@link RecordKind} alongside. */
export type AnyRecord = Achievement | Need | Expert

/** Maps a kind to its record type. */
export interface RecordOf {
  achievement: Achievement
  need: Need
  expert: Expert
}

/** Relevance judgments: needId → (targetId → grade 0..3). */
export type Qrels = ReadonlyMap<DocId, ReadonlyMap<DocId, number>>
