/**
 * Constraints read from a need's own text (需求描述), for needs whose structured fields are
 * empty: real exports often leave 成熟度, 预算 and 合作方式 blank and write
 * "需中试以上，预算50万以内，只接受技术转让，优先省内单位" in the description instead.
 *
 * Conservative by design: a value is read only where the text states a requirement, never
 * where it merely mentions a stage, an amount, a mode or a place ("样机处于中试阶段",
 * "年产值3000万", "以前做过技术转让", "从新疆发往内地" give nothing). A missed requirement costs
 * one unchecked constraint; an invented one wrongly penalises good candidates. Structured
 * fields always win over the text.
 */
import { COOPERATION_MODES, MATURITY_LEVELS, type Cooperation, type Maturity, type Need } from '../types.js'
import type { RegionRequirement } from './constraints.js'
import { parseRegion } from './region.js'

/** A region requirement read from text: a province, or 'same' for the need's own (省内, 本地). */
export interface TextRegion {
  /** A full province name (`陕西省`, `广西壮族自治区`) or `'same'`. */
  readonly province: string
  /** true for 只要/必须/仅限 (a requirement), false for 优先/最好/希望 (a preference). */
  readonly strict: boolean
}

/** The constraints {@link readConstraintsFromText} finds; a field is present only when stated. */
export interface TextConstraints {
  /** The lowest 成熟度 the need accepts. */
  readonly maturityRequired?: Maturity
  /** The budget, in 万元: the upper end of a range (30-50万 → 50). */
  readonly budget?: number
  /** The 合作方式 the text accepts, in {@link COOPERATION_MODES} order, none of them excluded. */
  readonly cooperation?: readonly Cooperation[]
  /** The 合作方式 the text refuses (不考虑作价入股). */
  readonly excludedCooperation?: readonly Cooperation[]
  /** Where the candidate should be. */
  readonly region?: TextRegion
}

const ENDS_IN_HAN = /[\u4e00-\u9fff]$/
/** Ends a clause: the unit within which a trigger word (需, 不考虑, 只要) applies. After NFKC. */
const CLAUSE_END = ',，。;；!！?？\\n\\r'
const splitClauses = (text: string) => text.split(new RegExp(`[${CLAUSE_END}]`)).filter((c) => c.length > 0)

// ---------------------------------------------------------------------------------------------
// 成熟度

/** Stage words → MATURITY_LEVELS index. 工业化, 量产 … are what people write for 产业化. */
const STAGE_LEVELS: Readonly<Record<string, number>> = {
  实验室: 0, 小试: 1, 中试: 2, 放大试验: 2, 中间试验: 2, 小批量: 3, 批量: 3,
  产业化: 4, 工业化: 4, 规模化: 4, 大批量: 4, 量产: 4, 商业化: 4, 投运: 4, 落地: 4, 推广应用: 4, 规模应用: 4, 大面积: 4, 大规模: 4,
}
const STAGE = '实验室|小试|中试|放大试验|中间试验|小批量|产业化|工业化|规模化|大批量|量产|商业化'
// Bounded repetition: an unbounded list is tried from every stage word to the clause's end, quadratic on long text.
const STAGE_LIST = `(?:${STAGE})(?:(?:阶段|的)?(?:和|、|及|与|或|以及|或者)(?:${STAGE})){0,5}`
const C = `[^${CLAUSE_END}]`

/** States a threshold: 中试以上, 中试及以上, 至少小试, 不低于中试, 成熟度要求：小批量. */
const MATURITY_THRESHOLD = [
  new RegExp(`(${STAGE})(?:阶段|水平|规模|试验|生产)?(?:及|或|和|或者)?以上`, 'g'),
  new RegExp(`(?:至少|最低|最少|起码|不低于|不能低于|不得低于|不少于)${C}{0,8}?(${STAGE})`, 'g'),
  new RegExp(`成熟度\\s*(?:(?:要求|需要|需|须|必须|应当|应)\\s*:?|:)\\s*(?:为|是|达到|在)?\\s*(${STAGE})`, 'g'),
]
/** Excludes stages: 实验室阶段的不考虑, 还在实验室和中试阶段的不考虑, 不要小试阶段的. */
const MATURITY_EXCLUDED = [
  new RegExp(`(${STAGE_LIST})(?:阶段|水平)?(?:的)?(?:成果|技术|项目|产品)?(?:一律|均|都|暂|概)?(?:不考虑|不要|不接受|不予考虑|除外|免谈|谢绝|排除)`, 'g'),
  new RegExp(`(?:不考虑|不接受|谢绝|排除|不要(?!求))(?:还)?(?:在|处于)?(${STAGE_LIST})`, 'g'),
]
/**
 * Demands a state: 能直接量产的, 成熟可直接用的, 小批量生产验证过, 要求已产业化, 必须有…业绩（产业化）,
 * 要在别处批量用过的 (小批量), 要已经大面积用开了的 (产业化).
 */
const MATURITY_DEMANDED: readonly [RegExp, number | undefined][] = [
  [/(?:能|可以|可|成熟(?:能|可以|可)?)直接(?:量产|批量生产|投产|生产|使用|用|应用|上线|推广)|拿来(?:就能|就可以|就|即)用|开箱即用/g, 4],
  [new RegExp(`(${STAGE})(?:生产|装置|线|阶段|试验)?(?:验证|考核|检验)(?:过|通过)`, 'g'), undefined],
  [new RegExp(`(?:经过|通过)了?(${STAGE})(?:装置|生产|试验)?(?:验证|考核|试验|检验)?`, 'g'), undefined],
  [
    new RegExp(
      `(?:要求|必须|务必|需要|需(?!求)|须|只要|只考虑|仅考虑|只接受)(?:是|为)?${C}{0,6}?(?:已经|已有|已|具备|达到|有过|有)${C}{0,12}?(${STAGE}|投运|落地|推广应用|规模应用)`,
      'g',
    ),
    undefined,
  ],
  [
    new RegExp(`(?:要|需要|需(?!求)|希望|找|必须|要求)${C}{0,16}?(批量|大面积|规模化|大规模)地?(?:用过|使用过|应用过|用开|推广过|用上|生产过)`, 'g'),
    undefined,
  ],
]
/** A clause that waives the requirement (成熟度不限, 不要求中试) or talks about the enterprise itself. */
const MATURITY_WAIVED = /不要求|无需|无须|不需要|不必|不限|没有要求|无要求|均可|都可以/
const ABOUT_US = /我们的|我们已|我们目前|我司|本公司|我公司|本单位|我单位|我厂|本厂|自己的/

/**
 * The lowest 成熟度 a need's text requires, or undefined.
 *
 * Three kinds of statement, strongest first; the first kind found decides, and within it the
 * highest stage stated: a threshold (中试以上, 至少小试), an exclusion (实验室阶段的不考虑: the
 * stage above the highest excluded one), a demanded state (能直接量产的 → 产业化, 小批量生产验证过
 * → 小批量, 要求已产业化). A clause that waives (不限, 不要求) gives nothing, and a demanded state
 * said of the enterprise's own product (我们的样机已通过中试) is not a requirement.
 */
function readMaturity(clauses: readonly string[]): Maturity | undefined {
  let threshold = -1
  let excludedAbove = -1
  let demanded = -1
  for (const clause of clauses) {
    if (MATURITY_WAIVED.test(clause)) continue
    for (const pattern of MATURITY_THRESHOLD) {
      for (const m of clause.matchAll(pattern)) threshold = Math.max(threshold, STAGE_LEVELS[m[1]!]!)
    }
    for (const pattern of MATURITY_EXCLUDED) {
      for (const m of clause.matchAll(pattern)) {
        for (const stage of m[1]!.matchAll(new RegExp(STAGE, 'g'))) excludedAbove = Math.max(excludedAbove, STAGE_LEVELS[stage[0]]! + 1)
      }
    }
    for (const [pattern, level] of MATURITY_DEMANDED) {
      for (const m of clause.matchAll(pattern)) {
        const before = clause.slice(Math.max(0, m.index - 24), m.index)
        if (before.endsWith('不') || ABOUT_US.test(before)) continue
        demanded = Math.max(demanded, level ?? STAGE_LEVELS[m[1]!]!)
      }
    }
  }
  // Excluding 产业化 itself asks for nothing above the top: ignore it.
  if (excludedAbove >= MATURITY_LEVELS.length) excludedAbove = -1
  const level = threshold >= 0 ? threshold : excludedAbove >= 0 ? excludedAbove : demanded
  return level >= 0 ? MATURITY_LEVELS[level] : undefined
}

// ---------------------------------------------------------------------------------------------
// 预算

/** Words after which an amount is what the enterprise will spend. */
const BUDGET_WORD = new RegExp(
  '预算|费用|经费|投入|价格|资金|出资|花费|总价|报价|价位|转让费|许可费|技术费|开发费|服务费|成本控制在|成本不超过|成本在',
  'g',
)
/** Just before a budget word, these make it a running cost, not the budget (运行成本, 维护费用). */
const RUNNING_COST = /(?:运行|运营|生产|单位|吨|每|维护|人工|电|水|油)$/
/** Amounts of something else (产值3000万, 损失200万, 年产5万吨) in the window before an amount. */
const NOT_BUDGET = /产值|产量|年产|损失|亏|赔|营收|营业额|销售|收入|利润|罚|违约金|注册资本|补贴|工资|薪|估值|市值/
/** A measure word after 万: 5万吨, 10万亩 are not money. */
const MEASURE_AFTER = /^(?:吨|亩|方|台|套|件|个|头|只|人|次|平|米|公里|千米|千瓦|瓦|度|株|斤|公斤|克|立方|户|辆|锭|包|箱|册|字|小时|kw|t\b)/i
const NUMBER = `\\d+(?:,\\d{3})*(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+`
const UNIT = '千万|百万|万|亿|w|W'
/** An amount in 万/亿, a range's upper end included: 50万, 1.2亿, 30-50万, 十万元, 一个亿, 50万到80万. */
const AMOUNT = new RegExp(
  `(?:(${NUMBER})\\s*(${UNIT})?\\s*(?:-|~|〜|至|到|—|–)\\s*)?(${NUMBER})\\s*(?:个\\s*)?(${UNIT})(元|块|人民币)?`,
  'g',
)
const UNIT_WAN: Readonly<Record<string, number>> = { 千万: 1000, 百万: 100, 万: 1, 亿: 10000, w: 1, W: 1 }
const CN_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 }

/**
 * A Chinese numeral below 10,000 (十 → 10, 二十 → 20, 一百零五 → 105, 百 → 100), with the
 * colloquial trailing digit (三百五 → 350, 一千二 → 1200); undefined when malformed (一二, 十十)
 * or vague (三四十: 30 to 40).
 *
 * @internal Exported for tests.
 */
export function parseChineseNumber(text: string): number | undefined {
  let total = 0
  let digit: number | undefined
  let lastUnit = Infinity
  let zero = false
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      if (digit !== undefined) return undefined
      digit = CN_DIGITS[ch]!
      if (digit === 0) {
        zero = true
        digit = undefined
      }
    } else if (ch in CN_UNITS) {
      const unit = CN_UNITS[ch]!
      if (unit >= lastUnit) return undefined
      // A unit with no digit counts once only at the start: 十五 = 15, 百万 = 100万; not 二百十.
      total += (digit ?? (total === 0 ? 1 : Number.NaN)) * unit
      if (Number.isNaN(total)) return undefined
      digit = undefined
      lastUnit = unit
      zero = false
    } else return undefined
  }
  if (digit !== undefined) total += !zero && lastUnit >= 100 && lastUnit !== Infinity ? (digit * lastUnit) / 10 : digit
  return total > 0 ? total : undefined
}

function parseNumber(text: string): number | undefined {
  if (/^\d/.test(text)) {
    const value = Number(text.replace(/,/g, ''))
    return Number.isFinite(value) && value > 0 ? value : undefined
  }
  return parseChineseNumber(text)
}

/** The amount of an AMOUNT match, in 万元 (a range's upper end), or undefined when it is not money. */
function amountOf(m: RegExpMatchArray, text: string, allowW: boolean): number | undefined {
  const [, , , upper, unit, yuan] = m
  const start = m.index!
  const end = start + m[0].length
  // 几十万, 上百万, 好几十万 are no amount; nor 5万吨 (unless 元 says money).
  if (/[几数上好余]$/.test(text.slice(0, start))) return undefined
  if (!yuan && MEASURE_AFTER.test(text.slice(end))) return undefined
  if ((unit === 'w' || unit === 'W') && (!allowW || !/^\d/.test(upper!))) return undefined
  const value = parseNumber(upper!)
  if (value === undefined) return undefined
  // Round away float noise (1.2 × 10000 = 11999.999…): budgets are stated to 0.01 万元 at most.
  return Math.round(value * UNIT_WAN[unit!]! * 100) / 100
}

/**
 * The budget a need's text states, in 万元, or undefined.
 *
 * An amount in 万/亿 within 16 characters after a budget word (预算, 费用, 经费, 投入, 价格, 资金,
 * 出资, 花费, 成本控制在 …) in the same clause, with nothing in between that makes it another
 * quantity (产值, 损失, 年产); several give the largest (the total). Failing that, a bare limit
 * in 元 (200万元以内, 不超过50万元). Vague amounts (几十万, 上百万) give nothing.
 */
function readBudget(clauses: readonly string[]): number | undefined {
  let best: number | undefined
  for (const clause of clauses) {
    for (const word of clause.matchAll(BUDGET_WORD)) {
      if (RUNNING_COST.test(clause.slice(Math.max(0, word.index - 4), word.index))) continue
      const from = word.index! + word[0].length
      const window = clause.slice(from, from + 24)
      const m = window.matchAll(AMOUNT).next().value
      if (!m || m.index > 16 || NOT_BUDGET.test(window.slice(0, m.index))) continue
      const value = amountOf(m, window, true)
      if (value !== undefined) best = Math.max(best ?? 0, value)
    }
  }
  if (best !== undefined) return best
  for (const clause of clauses) {
    for (const m of clause.matchAll(AMOUNT)) {
      if (!m[5]) continue
      const before = clause.slice(Math.max(0, m.index - 12), m.index)
      const after = clause.slice(m.index + m[0].length, m.index + m[0].length + 2)
      if (!/^(?:以内|以下|之内)/.test(after) && !/(?:不超过|不高于|不多于|最多)\s*$/.test(before)) continue
      if (NOT_BUDGET.test(before)) continue
      const value = amountOf(m, clause, false)
      if (value !== undefined) best = Math.max(best ?? 0, value)
    }
  }
  return best
}

// ---------------------------------------------------------------------------------------------
// 合作方式

/** Asking for a plan (技术咨询): 给出整体方案, 出个方案; not 拿出整改方案, which the enterprise writes itself. */
const PLAN = `(?:给出|给个|给一个|(?<![拿推提产输支演付])(?:出个|出一个|出具|出))${C}{0,6}?方案`
/**
 * What people write for each mode. 买断 is a transfer, 授权 a licence, 上门 a service. 专家指导
 * is read as both 技术服务 and 技术咨询: platforms file it under either (the sample data labels
 * "请专家全程指导" 技术咨询), and accepting both never penalises a candidate offering one of them.
 */
const MODE_WORDS: readonly [readonly Cooperation[], string][] = [
  [['技术转让'], '技术转让|专利转让|成果转让|一次性买断|买断|转让|购买技术|买技术|购买专利|买专利|技术购买'],
  [['技术许可'], '技术许可|专利许可|许可使用|授权使用|品种授权|专利授权|许可(?!证)|授权(?!书)'],
  [['合作开发'], '合作开发|联合开发|共同开发|合作研发|联合研发|共同研发|联合攻关|一起开发|一起研发|委托开发|合作研制|共同研制'],
  [['作价入股'], '作价入股|技术入股|技术作价|入股|股权合作'],
  [
    ['技术服务'],
    '技术服务|技术支持|技术培训|上门服务|现场服务|驻厂|上门|现场指导|委托检测|(?:工艺|优化|运维|检测|培训|改造)服务|' +
      '来(?:现场|地里|厂里|田间|车间)?(?:看看|看一下|看一看)|帮(?:着|忙)?看看',
  ],
  [['技术服务', '技术咨询'], '专家指导|全程指导|技术指导|指导(?!价|意见|思想)'],
  [['技术咨询'], `技术咨询|咨询服务|(?<!来电|电话|致电|欢迎)咨询(?!电话|热线)|${PLAN}|可行性(?:论证|研究|分析)|论证`],
]
const MODE_PATTERNS = MODE_WORDS.map(([modes, words]) => [modes, new RegExp(words, 'g')] as const)
/**
 * Mode words that are a request by themselves, with no 希望 or 接受 before them: one does not
 * write 买断, 上门服务 or 出个方案 about a mode one does not want.
 */
const SELF_ASSERTING = new RegExp(
  `^(?:一次性买断|买断|上门服务|上门|驻厂|现场指导|来(?:现场|地里|厂里|田间|车间)?(?:看看|看一下|看一看)|帮(?:着|忙)?看看|` +
    `${PLAN})$`,
)

const REFUSE = '不考虑|不接受|不要(?!求)|不需要|不想|不希望|不采用|不采取|不能接受|不做|不搞|不能|不可|谢绝|拒绝|排除'
const ACCEPT =
  '只接受|只考虑|仅接受|仅考虑|只要|只能|仅限|可以|均可|都可|可接受|接受|考虑|愿意|欢迎|希望|期望|想要|想|请|需要|需(?!求)|要求|' +
  '寻求|寻找|找|采用|采取|倾向|优先|最好|合作方式|方式为|方式是|打算|计划'
/** Refusals first, so 不考虑 is read as one refusal rather than 不 + 考虑. */
const POLARITY = new RegExp(`(${REFUSE})|(${ACCEPT})`, 'g')
const JOINER = /^\s*(?:、|或者|或是|或|和|及|以及|与|跟|\/)?\s*$/
const REFUSED_AFTER = /^(?:的|等)?(?:方式|模式|形式)?(?:合作|进行)?(?:的)?(?:也|均|都|一律|暂|概|皆)?(?:不考虑|不接受|不要|除外|免谈|谢绝|不行|不可以|不能接受|不予考虑)/
const ACCEPTED_AFTER = /^(?:的|等)?(?:方式|模式|形式)|^(?:的|等)?(?:也|均|都|皆)?(?:可以|可|行|优先|为主|为佳)/

interface ModeMention {
  readonly modes: readonly Cooperation[]
  readonly start: number
  readonly end: number
  /** Matches {@link SELF_ASSERTING}. */
  readonly asserting: boolean
}

/** The mode words of a clause, longest first where they overlap (技术转让 over 转让), in order. */
function modeMentions(clause: string): ModeMention[] {
  const all: ModeMention[] = []
  for (const [modes, pattern] of MODE_PATTERNS) {
    for (const m of clause.matchAll(pattern)) {
      all.push({ modes, start: m.index!, end: m.index! + m[0].length, asserting: SELF_ASSERTING.test(m[0]) })
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: ModeMention[] = []
  for (const m of all) if (kept.length === 0 || m.start >= kept[kept.length - 1]!.end) kept.push(m)
  return kept
}

/**
 * The modes a need's text accepts and refuses.
 *
 * Mode words joined by 、/或/和 form a run; a run is refused when the nearest polarity word
 * before it in its clause is a refusal (不考虑作价入股, 不考虑单纯买技术) or a refusal follows it
 * (作价入股不考虑), and accepted when that word is an acceptance (只接受, 希望, 可以, 请), when
 * 方式/均可 follows it (合作开发方式, 转让许可均可) or when one of its words is a request by itself
 * (买断, 上门服务, 出方案). Any other run is a mention, not a statement (以前做过技术转让).
 */
function readCooperation(clauses: readonly string[]): { accepted: Cooperation[]; refused: Cooperation[] } {
  const accepted = new Set<Cooperation>()
  const refused = new Set<Cooperation>()
  for (const clause of clauses) {
    const mentions = modeMentions(clause)
    if (mentions.length === 0) continue
    const polarity = [...clause.matchAll(POLARITY)].map((m) => ({ at: m.index, refuse: m[1] !== undefined }))
    let p = -1 // the last polarity word before the current run: runs come in order, so it only moves on
    let i = 0
    while (i < mentions.length) {
      let j = i
      while (j + 1 < mentions.length && JOINER.test(clause.slice(mentions[j]!.end, mentions[j + 1]!.start))) j++
      const run = mentions.slice(i, j + 1)
      const start = run[0]!.start
      const after = clause.slice(run[run.length - 1]!.end, run[run.length - 1]!.end + 16)
      while (p + 1 < polarity.length && polarity[p + 1]!.at < start) p++
      const before = polarity[p]
      const isRefused = before?.refuse === true || REFUSED_AFTER.test(after)
      const isAccepted = !isRefused && (before !== undefined || ACCEPTED_AFTER.test(after) || run.some((m) => m.asserting))
      for (const m of run) {
        for (const mode of m.modes) {
          if (isRefused) refused.add(mode)
          else if (isAccepted) accepted.add(mode)
        }
      }
      i = j + 1
    }
  }
  const inOrder = (set: ReadonlySet<Cooperation>) => COOPERATION_MODES.filter((mode) => set.has(mode))
  return { accepted: inOrder(accepted).filter((mode) => !refused.has(mode)), refused: inOrder(refused) }
}

// ---------------------------------------------------------------------------------------------
// 地区

const FULL_PROVINCES = [
  '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区',
  '北京市', '天津市', '上海市', '重庆市',
]
const SHORT_PROVINCES = [
  '黑龙江', '内蒙古', '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '广西', '西藏', '宁夏', '新疆',
  '香港', '澳门',
]
/** Words for "the need's own province". 区内 is 自治区内 in 广西/新疆/宁夏 writing; 疆内 is 新疆. */
const SAME_PROVINCE = '省内|本省|本地|当地|本市|本区|自治区内|区内|疆内'
const REGION_TERM = new RegExp(
  `(?:(${FULL_PROVINCES.join('|')}|(?:${SHORT_PROVINCES.join('|')})省?)(?:内|境内|本地)?|(${SAME_PROVINCE}))`,
  'g',
)
/** What follows a region that names where the partner is: 省内的单位, 本地高校, 广西的 (clause end). */
const PARTNER_AFTER =
  /^(?:的)?(?:单位|高校|院校|大学|科研院所|院所|科研单位|科研机构|研究所|研究院|机构|企业|公司|技术团队|团队|专家|人才|合作方|服务商|供应商|厂家)|^(?:的)?\s*$|^(?:的)?(?:优先|为主|为佳|更好|才行|才考虑|为限)/
/** Trigger words before the region (within 8 characters): group 1 strict, group 2 soft. */
const REGION_TRIGGER = /(只要|只考虑|只接受|只找|只限|只能|仅限|仅考虑|仅|只|必须|务必|一定要|须|限于|限|要求)|(优先考虑|优先|最好|希望|倾向|尽量|首选)/g
/** After the partner phrase: a strict or soft postfix (本地高校优先, 省内的才行). */
const STRICT_AFTER = /才行|才考虑|为限/
const SOFT_AFTER = /优先|为主|为佳|更好/

/**
 * The region a need's text asks its partner to be in, or undefined.
 *
 * A province (陕西, 广西壮族自治区) or an own-province word (省内, 本地, 本省 → 'same') followed by a
 * partner noun (单位, 高校, 专家 …) or ending its clause, and governed by a trigger: strict after
 * 只要/必须/仅限/只考虑 (within 8 characters before) or before 才行, soft after 优先/最好/希望 or
 * before 优先/为主. The first strict statement wins, else the first soft one. A negated trigger
 * (不一定要本地的, 不限本地) gives nothing, and a place that is not the partner's (从新疆发往内地,
 * 在广西推广过的品种) is not read.
 */
function readRegion(clauses: readonly string[]): TextRegion | undefined {
  let soft: TextRegion | undefined
  for (const clause of clauses) {
    for (const m of clause.matchAll(REGION_TERM)) {
      const start = m.index
      const before = clause.slice(Math.max(0, start - 2), start)
      const after = clause.slice(start + m[0].length, start + m[0].length + 16)
      if (!PARTNER_AFTER.test(after)) continue
      // 区内 only as 自治区内 or after a trigger or 是: not 园区内, 厂区内, 小区内.
      if (m[2] === '区内' && ENDS_IN_HAN.test(before) && !/(?:是|为|限|要|先|好|望|虑|只|仅)$/.test(before)) continue
      const province = m[1] ? parseRegion(m[1]).province : m[2] === '疆内' ? '新疆维吾尔自治区' : 'same'
      if (!province) continue
      const nearStart = Math.max(0, start - 8)
      const trigger = [...clause.slice(nearStart, start).matchAll(REGION_TRIGGER)].at(-1)
      if (trigger && /[不无]$/.test(clause.slice(Math.max(0, nearStart + trigger.index - 1), nearStart + trigger.index))) continue
      const tail = after.slice(0, 10)
      if (trigger?.[1] !== undefined || STRICT_AFTER.test(tail)) return { province, strict: true }
      if (!soft && (trigger?.[2] !== undefined || SOFT_AFTER.test(tail))) soft = { province, strict: false }
    }
  }
  return soft
}

// ---------------------------------------------------------------------------------------------

/**
 * Reads the constraints a need states in its own words.
 *
 * The text is NFKC-normalised first (full-width digits and punctuation → half-width) and cut
 * into clauses at ，。；！？ and line breaks; trigger words apply within their clause. See the
 * module comment for the conservative reading; each field is explained where it is read.
 *
 * @param text The need's text, typically title and 需求描述; any string.
 *
 * @returns The constraints found; `{}` when none. Never throws.
 *
 * @example
 * readConstraintsFromText('需中试以上，预算50万以内，只接受技术转让，优先省内单位')
 * // => { maturityRequired: '中试', budget: 50, cooperation: ['技术转让'],
 * //      region: { province: 'same', strict: false } }
 */
export function readConstraintsFromText(text: string): TextConstraints {
  const clauses = splitClauses(text.normalize('NFKC'))
  if (clauses.length === 0) return {}
  const maturityRequired = readMaturity(clauses)
  const budget = readBudget(clauses)
  const { accepted, refused } = readCooperation(clauses)
  const region = readRegion(clauses)
  return {
    ...(maturityRequired ? { maturityRequired } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(accepted.length ? { cooperation: accepted } : {}),
    ...(refused.length ? { excludedCooperation: refused } : {}),
    ...(region ? { region } : {}),
  }
}

/** A region requirement read from text: {@link RegionRequirement} plus whether it is strict. */
export interface TextRegionRequirement extends RegionRequirement {
  /** true for 只要/必须 (a requirement), false for 优先/最好 (a preference). */
  readonly strict: boolean
}

/** The need fields {@link effectiveNeed} can fill from text, and the region requirement. */
export type TextConstraintField = 'maturityRequired' | 'budget' | 'cooperation' | 'regionRequirement'

/** A need with its empty constraint fields filled from its text. */
export interface EffectiveNeed {
  /** The need to match: the input itself when nothing was filled, else a filled copy. */
  readonly need: Need
  /** What came from the text, in this order: maturityRequired, budget, cooperation, regionRequirement. */
  readonly fromText: readonly TextConstraintField[]
  /** The region the text asks the partner to be in; pass it as `regionRequirement` to `match`. */
  readonly regionRequirement?: TextRegionRequirement
}

/**
 * Fills a need's empty constraint fields from its title and description.
 *
 * Structured fields always win: a field is filled only when empty (maturityRequired missing
 * or blank, budget missing or not finite, cooperation missing or []). A text that only refuses
 * modes (不考虑作价入股) fills cooperation with every other mode of {@link COOPERATION_MODES}.
 * Need has no field for a required region, so it is returned beside the need.
 *
 * @param need The need; never changed.
 *
 * @returns The need to match, what was read from text, and the region requirement, if any.
 *
 * @example
 * effectiveNeed({ id: 'N1', title: '防腐涂料', description: '只接受技术转让，费用150万以内' })
 * // => { need: { …, budget: 150, cooperation: ['技术转让'] }, fromText: ['budget', 'cooperation'] }
 */
export function effectiveNeed(need: Need): EffectiveNeed {
  const text = [need.title, need.description].filter((s) => typeof s === 'string' && s.length > 0).join('。')
  const read = readConstraintsFromText(text)
  const fromText: TextConstraintField[] = []
  const filled: { -readonly [K in keyof Need]?: Need[K] } = {}
  if ((need.maturityRequired === undefined || need.maturityRequired.trim() === '') && read.maturityRequired) {
    filled.maturityRequired = read.maturityRequired
    fromText.push('maturityRequired')
  }
  if ((need.budget === undefined || !Number.isFinite(need.budget)) && read.budget !== undefined) {
    filled.budget = read.budget
    fromText.push('budget')
  }
  if (need.cooperation === undefined || need.cooperation.length === 0) {
    const accepted = read.cooperation ?? (read.excludedCooperation ? COOPERATION_MODES.filter((m) => !read.excludedCooperation!.includes(m)) : [])
    if (accepted.length > 0) {
      filled.cooperation = accepted
      fromText.push('cooperation')
    }
  }
  if (read.region) fromText.push('regionRequirement')
  return {
    need: Object.keys(filled).length > 0 ? { ...need, ...filled } : need,
    fromText,
    ...(read.region ? { regionRequirement: { province: read.region.province, strict: read.region.strict } } : {}),
  }
}
