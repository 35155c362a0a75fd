/**
 * Reference rankers for quality comparisons, built from duijie's own parts so that every
 * condition is evaluated by the same code:
 *
 * plainBm25Words  BM25 (k1 1.2, b 0.75) over jieba words with jieba's HMM on, no domain
 *                 dictionary, no stopwords; document = title + keywords + summary (experts:
 *                 directions + fields + bio), query = need title + description. The dataset
 *                 READMEs' reference (dev-hard ≈ 0.29).
 */
import { buildIndex } from '../../src/index/document-index.js'
import { createMatcher, type Matcher, type MatcherOptions } from '../../src/match/matcher.js'
import { createAnalyzer } from '../../src/tokenize/analyzer.js'
import { createJiebaTokenizer } from '../../src/tokenize/jieba.js'
import type { Achievement, Expert } from '../../src/types.js'

const NO_PENALTIES = { maturity: 1, cooperation: 1, budget: 1, region: 1 }

/**
 * Matcher options of plain BM25: every mechanism beyond BM25 off, explicitly, so that new
 * defaults never leak into the reference. Shared by the quality baseline and the speed bench.
 */
export const PLAIN_BM25_OPTIONS: MatcherOptions = {
  channels: { words: 1, chars: 0, keywords: 0 },
  feedback: { weight: 0 },
  associations: { weight: 0 },
  thesaurus: false,
  dense: { weight: 0 },
  penalties: NO_PENALTIES,
  queryFields: { need: { title: 1, description: 1 } },
}

/** One concatenated text field per record, so BM25F with one field is classic BM25. */
function concatenated(record: Achievement | Expert, fields: readonly string[]) {
  const values = fields.map((f) => {
    const v = (record as unknown as Record<string, unknown>)[f]
    return Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : ''
  })
  return { id: record.id, title: '', summary: values.join(' ') }
}

/** Plain BM25 over jieba words for achievements or experts. */
export function plainBm25Words(records: readonly (Achievement | Expert)[], kind: 'achievement' | 'expert'): Matcher {
  const analyzer = createAnalyzer({ tokenizer: createJiebaTokenizer({ hmm: true, domainDictionary: false }), stopwords: false })
  const fields = kind === 'achievement' ? ['title', 'keywords', 'summary'] : ['directions', 'fields', 'bio']
  const index = buildIndex(
    records.map((r) => concatenated(r, fields)),
    { kind: 'achievement', analyzer, fields: { summary: 1 }, extractedKeywords: 0, charNgrams: false },
  )
  return createMatcher(index, PLAIN_BM25_OPTIONS)
}
