/**
 * Ablation: each ranking mechanism removed from the defaults, one at a time, and the plain
 * BM25 reference; nDCG@10 of achievements and experts on dev and dev-hard (fixtures/sample).
 * Run: npx tsx bench/quality/ablation.ts
 */
import { evaluate } from '../../src/eval/evaluate.js'
import { buildIndex, createCharAnalyzer, type IndexOptions } from '../../src/index/document-index.js'
import { readQrels } from '../../src/io/qrels.js'
import { loadInputs } from '../../src/job/load.js'
import { DEFAULT_LINK_WEIGHT } from '../../src/job/targets.js'
import { linkExperts } from '../../src/match/expert-links.js'
import { createMatcher, type Matcher, type MatcherOptions } from '../../src/match/matcher.js'
import { createAnalyzer, type AnalyzerOptions } from '../../src/tokenize/analyzer.js'
import type { Analyzer } from '../../src/tokenize/analyzer-types.js'
import type { Need, Qrels } from '../../src/types.js'
import { plainBm25Words } from './baselines.js'

interface Condition {
  readonly name: string
  readonly analyzer?: AnalyzerOptions
  readonly index?: Omit<IndexOptions, 'analyzer' | 'kind'>
  readonly matcher?: MatcherOptions
  readonly linkWeight?: number
}

export const ABLATIONS: readonly Condition[] = [
  { name: 'default (all mechanisms)' },
  { name: '− thesaurus', matcher: { thesaurusWeight: 0 } },
  { name: '− character channel', matcher: { channels: { chars: 0 } } },
  { name: 'characters: bigrams only', index: { charAnalyzer: createAnalyzer({ tokenizer: 'ngram' }) } },
  { name: '− RM3 feedback', matcher: { feedback: { weight: 0 } } },
  { name: '− keyword phrases', matcher: { channels: { keywords: 0 } } },
  { name: '− Model 2 (experts via achievements)', linkWeight: 0 },
  { name: '− constraint penalties', matcher: { penalties: { maturity: 1, cooperation: 1, budget: 1, region: 1 } } },
  { name: '− search mode', analyzer: { searchMode: false } },
  { name: '− domain dictionary', analyzer: { domainDictionary: false } },
  { name: '+ corpus associations (weight 0.6)', matcher: { associations: { weight: 0.6 } } },
]

const root = new URL('../../fixtures/sample/', import.meta.url).pathname
const sample = await loadInputs({ demand: `${root}needs.jsonl`, supply: `${root}achievements.jsonl`, experts: `${root}experts.jsonl` })
const hardNeeds = (await loadInputs({ demand: `${root}hard/needs.jsonl` })).needs
const sets: [string, readonly Need[], Qrels][] = [
  ['dev', sample.needs, await readQrels(`${root}qrels.tsv`)],
  ['dev-hard', hardNeeds, await readQrels(`${root}hard/qrels.tsv`)],
]

function ndcg(matcher: Matcher, needs: readonly Need[], qrels: Qrels): number {
  const run = new Map(needs.map((n) => [n.id, matcher.match(n, { topK: 100, queryKind: 'need' }).map((r) => r.id)]))
  return evaluate(run, qrels, { targets: (id) => matcher.index.has(id) }).mean.ndcg10
}

function matchers(c: Condition, analyzer: Analyzer): [Matcher, Matcher] {
  const index = { ...c.index, ...(c.index?.charAnalyzer ? {} : { charAnalyzer: createCharAnalyzer() }) }
  const achievements = createMatcher(buildIndex(sample.achievements, { kind: 'achievement', analyzer, ...index }), c.matcher)
  const linkWeight = c.linkWeight ?? DEFAULT_LINK_WEIGHT
  const expertIndex = buildIndex(sample.experts, { kind: 'expert', analyzer, ...index })
  const experts = createMatcher(expertIndex, {
    ...c.matcher,
    ...(linkWeight > 0 ? { linked: { matcher: achievements, links: linkExperts(sample.experts, achievements), weight: linkWeight } } : {}),
  })
  return [achievements, experts]
}

const rows: string[] = ['| condition | dev ach | dev exp | dev-hard ach | dev-hard exp |', '| --- | --- | --- | --- | --- |']
const reference = [plainBm25Words(sample.achievements, 'achievement'), plainBm25Words(sample.experts, 'expert')]
const cell = (ms: Matcher[]) => sets.flatMap(([, needs, qrels]) => ms.map((m) => ndcg(m, needs, qrels).toFixed(3)))
const order = (v: string[]) => [v[0], v[1], v[2], v[3]].join(' | ')
rows.push(`| plain BM25 over jieba words (reference) | ${order(cell(reference))} |`)
for (const c of ABLATIONS) rows.push(`| ${c.name} | ${order(cell(matchers(c, createAnalyzer(c.analyzer))))} |`)
console.log(rows.join('\n'))
