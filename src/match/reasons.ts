/**
 * 推荐理由: why a candidate was recommended, in plain Chinese — the shared terms with their
 * share of the text score, the exact phrases found, and each constraint checked.
 */
import type { ConstraintCheck } from './constraints.js'
import type { KeywordMatch } from './keyword-scorer.js'

/** A query term that contributed to a candidate's text score. */
export interface MatchedTerm {
  readonly term: string
  /** Contribution to the ranking score (before constraint penalties). */
  readonly contribution: number
}

const SOURCE_LABEL: Record<KeywordMatch['source'], string> = {
  owner: '成果关键词',
  direction: '研究方向',
  field: '领域',
  extracted: '主题词',
}

/**
 * Builds the reason lines of one result.
 *
 * @param terms The matched terms, largest contribution first.
 * @param phrases The exact phrases matched in the keyword index.
 * @param checks The constraint checks.
 * @param maxTerms How many terms to name.
 */
export function buildReasons(
  terms: readonly MatchedTerm[],
  phrases: readonly KeywordMatch[],
  checks: readonly ConstraintCheck[],
  expansions: readonly { term: string; value: number; source: 'thesaurus' | 'feedback' | 'association'; from?: string; to?: string }[] = [],
  maxTerms = 6,
): string[] {
  const reasons: string[] = []
  const total = terms.reduce((sum, t) => sum + t.contribution, 0) + phrases.reduce((sum, p) => sum + p.value, 0) + expansions.reduce((sum, e) => sum + e.value, 0)
  const wholePhrases = phrases.filter((p) => !phrases.some((q) => q.phrase.length > p.phrase.length && q.phrase.includes(p.phrase)))
  if (wholePhrases.length > 0) {
    const shown = wholePhrases.slice(0, 4).map((p) => `「${p.phrase}」（${SOURCE_LABEL[p.source]}）`)
    reasons.push(`需求原文提到${shown.join('、')}`)
  }
  // Single characters (left by jieba on unknown words) count in the score but explain nothing;
  // a search-mode part (防腐) says nothing its whole term (防腐涂料) has not said.
  const named = terms.filter((t) => t.term.length >= 2 && !terms.some((u) => u.term.length > t.term.length && u.term.includes(t.term)))
  if (named.length > 0 && total > 0) {
    const shown = named.slice(0, maxTerms).map((t) => `${t.term}（${Math.round((100 * t.contribution) / total)}%）`)
    reasons.push(`共同技术词：${shown.join('、')}`)
  }
  // Bridged terms: the need did not use them; the thesaurus or the top results supplied them.
  const bridged = expansions.filter((e) => e.term.length >= 2 && !expansions.some((o) => o.term.length > e.term.length && o.term.includes(e.term)))
  // The need's phrase → the whole technical phrases it bridged to, grouped by the need's phrase.
  const bridges = new Map<string, Set<string>>()
  for (const e of expansions) {
    if (e.source !== 'thesaurus') continue
    const key = e.from ?? ''
    const set = bridges.get(key) ?? new Set<string>()
    set.add(e.to ?? e.term)
    bridges.set(key, set)
  }
  if (bridges.size > 0) {
    const shown = [...bridges].slice(0, 3).map(([from, to]) => `${from ? `${from}→` : ''}${[...to].slice(0, 3).join('/')}`)
    reasons.push(`同义/俗称关联：${shown.join('、')}`)
  }
  const viaFeedback = bridged.filter((e) => e.source !== 'thesaurus').slice(0, 4)
  if (viaFeedback.length > 0) reasons.push(`相关技术词：${viaFeedback.map((e) => e.term).join('、')}`)
  if (reasons.length === 0) {
    const chars = terms.slice(0, maxTerms).map((t) => t.term)
    reasons.push(chars.length > 0 ? `仅有单字重合：${chars.join('、')}，相关性弱` : '无共同技术词')
  }
  for (const check of checks) {
    const mark = check.status === 'met' ? '✓ ' : check.status === 'missed' ? '✗ ' : check.status === 'unknown' ? '? ' : ''
    reasons.push(`${mark}${check.reason}`)
  }
  return reasons
}
