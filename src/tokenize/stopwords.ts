/**
 * Stopwords: terms dropped after segmentation because they say nothing about the topic.
 * General Chinese and English function words, and the boilerplate of each record type
 * (`本发明公开了一种…`, `我们公司想找…`, `主持…发表论文…`).
 *
 * Domain words stay out, even frequent ones: `工艺`, `设备`, `检测`, `材料` name what a need
 * is about. Dropping a term here hides it from BM25 and from 推荐理由 alike; a frequent but
 * topical term is better left to idf.
 */
import type { RecordKind } from '../types.js'
import { normalize } from './normalize.js'
import { TermTable } from './term-table.js'

// Entries are stored normalized, the form terms have when they are looked up.
const words = (list: string): readonly string[] => list.trim().split(/\s+/).map(normalize)

/**
 * General stopwords: Chinese function words, pronouns, generic verbs and adverbs, English
 * function words, single Latin letters (the `c` of `25℃` → `25°c`, the `t` of a split `gb/t`),
 * and punctuation a custom tokenizer might emit.
 *
 * Two borderline entries: `技术` and `方法`. jieba cuts them off the compounds they end
 * (`余热回收技术` → `余热回收/技术`), so alone they name no topic; on the dev set `技术` is in
 * 39% of achievements, 25% of needs and 57% of experts, `方法` in 13%, 4% and 3%. Shared
 * by a need and an achievement they would show up in 推荐理由 as a "shared term" that
 * explains nothing. Compounds that carry meaning (`检测方法` when in a dictionary) are single
 * tokens and unaffected.
 *
 * The 合作方式 (技术转让, 技术许可, 合作开发, 作价入股, 技术服务, 技术咨询) and their parts are
 * stopwords too: a need's "只接受技术转让" and an expert's "可提供技术服务" are constraints the
 * matcher checks on the structured fields, not topics; as text they matched unrelated records.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  words(`
的 地 得 之 了 着 过 吗 呢 吧 啊 呀 嘛 么 哦 嗯
和 与 及 以及 或 或者 或是 并 并且 而 而且 且 但 但是 然而 不过 可是 只是 因此 所以 因而 因为 由于
如果 若 假如 只要 只有 则 即 即使 虽然 虽 尽管 从而 进而 以便 以免 为了 为 以 于 在 对 对于 关于
将 把 被 由 从 自 自从 向 往 到 至 直至 直到 通过 经过 经 按 按照 根据 依据 依照 基于 随着 除 除了 就是
等 等等 之类 其 其中 其他 其它 其余 该 此 这 这些 这个 这种 这样 这里 那 那些 那个 那种 那样 那里
本 各 各个 各种 各类 每 每个 某 某些 某种 一些 一个 一种 一项 一套 一批 一直 个 种 项 套 次 位 名 家
是 有 没有 无 不 没 非 也 都 又 还 再 就 才 已 已经 曾 曾经 正在 将要 会 能 能够 可 可以 可能 应 应该
应当 需 须 必须 要 得以 予以 加以 给予 给 让 使 使得 令 所 所有 一切 全部 部分 整个
什么 怎么 怎样 如何 为何 为什么 哪 哪些 哪个 谁 多少 几 我 我们 你 你们 您 他 他们 她 她们 它 它们
自己 本身 大家 之间 之后 之前 以后 以前 以上 以下 以内 以外 之一 之中 上 下 中 内 外 时 时候 后 前
里 间 方面 情况 方式方法 进行 进一步 实现 具有 采用 利用 使用 运用 提出 开展 相关 有关 主要
重要 一定 较 比较 更 更加 最 很 非常 十分 特别 尤其 越 越来越 极 极大 大量 大幅 多种 多个 不同
相应 相同 同时 同样 另外 此外 包括 包含 例如 比如 诸如 如下 即可 可达 达到 达 约 大约 左右 余
以来 当前 目前 现有 已有 新型 一体 提高 提升 降低 减少 增加 改善 改进 优化 增强 加强 保证 确保
技术 方法 用 做 针对 多 少 高 低 大 小 好 新 来 去 年 月 日
技术转让 技术许可 合作开发 作价入股 技术服务 技术咨询 转让 许可 作价 入股 面议
a an the of and or in on at to for with by from as is are was were be been being this that these those
it its into via vs etc al not no but than then so such can may will also
a b c d e f g h i j k l m n o p q r s t u v w x y z
， 。 、 ； ： ？ ！ “ ” ‘ ’ （ ） 《 》 【 】 — … · , . ; : ? ! " ' ( ) [ ] { } < > - _ / \\ | @ # $ % ^ & * + = ~
`),
)

/** Boilerplate of achievements (科技成果): patent and report phrasing. */
export const ACHIEVEMENT_BOILERPLATE: ReadonlySet<string> = new Set(
  words(`
一种 本发明 本实用新型 发明 实用新型 公开 公开了 涉及 涉及到 本成果 该成果 成果 本技术 该技术 本项目 该项目
本研究 该研究 本产品 该产品 本系统 该系统 本装置 该装置 本方法 该方法 提供 提供了 所述 其特征 特征在于
其特征在于 技术领域 属于 具体 具体地 步骤 技术方案 方案 有益效果 优点 显著 优异 良好 有效 应用 应用于
适用 适用于 广泛 推广 推广应用 前景 应用前景 市场前景 经济效益 社会效益 效益 填补 空白 国内 国际 领先
先进 水平 国内领先 国际领先 先进水平 自主 自主知识产权 核心 关键 关键技术 核心技术 突破 攻克
研发 研制 开发 解决了 克服 不足 现有技术 传统 已经 成功 完成 形成 建立 构建
`),
)

/** Boilerplate of needs (企业技术需求): how enterprises ask. */
export const NEED_BOILERPLATE: ReadonlySet<string> = new Set(
  words(`
我们 我 公司 我公司 本公司 我厂 我司 厂里 厂 企业 本企业 单位 我单位 想 想找 想要 希望 希望能 需要 需求
寻求 寻找 找 找到 急需 求 征集 征求 现在 一直 长期 效果不好 效果 不好 不理想 不佳 问题 困扰 难题 解决
难以 无法 不能 不够 较差 严重 影响 导致 造成 出现 存在 经常 时常 总是 太 很多 较多 较大 较高 较低
能否 是否 有没有 哪家 帮助 帮忙 合作 联系 支持 引进 购买 采购 投入 资金 预算 万元 万 元 工人 员工
老板 客户 用户 投诉 办法 有效 尽快 方案 技术支持 要求
`),
)

/** Boilerplate of expert profiles (专家): careers, titles, honours. */
export const EXPERT_BOILERPLATE: ReadonlySet<string> = new Set(
  words(`
主持 参与 参加 承担 完成 负责 发表 发表论文 论文 学术论文 sci ei 收录 篇 部 余篇 余项 出版 专著 著作
教材 编写 主编 参编 获得 获 荣获 奖 奖励 一等奖 二等奖 三等奖 科技进步奖 科学技术奖 技术发明奖 省部级
国家级 省级 市级 基金 国家自然科学基金 自然科学基金 重点研发计划 国家重点研发计划 课题 项目 专项 重大专项
子课题 教授 副教授 研究员 副研究员 高级工程师 工程师 讲师 博士 硕士 博士生 硕士生 研究生 导师 博士生导师
硕士生导师 博导 硕导 学科带头人 带头人 专家 首席专家 科学家 特聘教授 人才 青年 学者 入选 担任 兼任 现任
委员 理事 会员 副主任 主任 院长 所长 副院长 毕业 毕业于 学位 长期 从事 多年 十余年 二十余年 研究
研究方向 方向 工作 经验 丰富 服务 指导 培训 团队 带领 专利 发明专利 授权 申请 擅长 熟悉
`),
)

/** The boilerplate set of each record type. */
export const BOILERPLATE: Readonly<Record<RecordKind, ReadonlySet<string>>> = {
  achievement: ACHIEVEMENT_BOILERPLATE,
  need: NEED_BOILERPLATE,
  expert: EXPERT_BOILERPLATE,
}

/** Options of {@link createStopwordSet}. */
export interface StopwordOptions {
  /**
   * Add the boilerplate of this record type only. Defaults to all three boilerplate sets,
   * which suits an analyzer shared by documents and queries.
   */
  readonly recordKind?: RecordKind
  /** Extra stopwords; normalized before use. */
  readonly extra?: readonly string[]
}

/**
 * Builds the stopword set: {@link STOPWORDS}, the boilerplate of one record type or of all,
 * and extra words.
 *
 * @param options The options.
 *
 * @returns A new set of normalized stopwords.
 */
export function createStopwordSet(options: StopwordOptions = {}): Set<string> {
  const set = new Set(STOPWORDS)
  const kinds: readonly RecordKind[] = options.recordKind === undefined ? ['achievement', 'need', 'expert'] : [options.recordKind]
  for (const kind of kinds) for (const word of BOILERPLATE[kind]) set.add(word)
  for (const word of options.extra ?? []) {
    const clean = normalize(word)
    if (clean.length > 0) set.add(clean)
  }
  return set
}

/**
 * Removes stopwords from a term list.
 *
 * @param terms The terms (normalized).
 * @param stopwords The stopwords (normalized), e.g. from {@link createStopwordSet}.
 *
 * @returns A new array of the terms not in `stopwords`, order and repeats kept.
 */
export function removeStopwords(terms: readonly string[], stopwords: ReadonlySet<string>): string[] {
  return terms.filter((term) => !stopwords.has(term))
}

/** Whether `text.slice(start, end)` is a stopword; see {@link createStopwordCheck}. @internal */
export type StopwordCheck = (text: string, start: number, end: number) => boolean

/**
 * A stopword test on a substring, without making it: the analyzer's per-token check. Most
 * tokens are ruled out by one byte read (the lengths of the stopwords that start with the
 * token's first code unit: bit k − 1 for length k, bit 7 for 8 and more); the rest are looked
 * up in a {@link TermTable}.
 *
 * @param stopwords The stopwords (normalized). Copied: later changes to the set are not seen.
 *
 * @returns The check; `check(text, start, end) === stopwords.has(text.slice(start, end))`.
 *
 * @internal
 */
export function createStopwordCheck(stopwords: ReadonlySet<string>): StopwordCheck {
  const table = new TermTable()
  const lengthsByFirst = new Uint8Array(0x10000)
  let hasEmpty = false
  for (const word of stopwords) {
    table.intern(word)
    if (word.length === 0) hasEmpty = true
    else lengthsByFirst[word.charCodeAt(0)]! |= lengthBit(word.length)
  }
  return (text, start, end) => {
    if (end <= start) return hasEmpty && end === start
    return (lengthsByFirst[text.charCodeAt(start)]! & lengthBit(end - start)) !== 0 && table.idOf(text, start, end) >= 0
  }
}

function lengthBit(length: number): number {
  return length >= 8 ? 0x80 : 1 << (length - 1)
}
