/**
 * Single-query latency of the default matcher against plain BM25 over the same index.
 *
 * plain    words channel only (BM25F over jieba words), no bigrams, phrases or feedback
 * default  every default mechanism (words + bigrams + keyword phrases + feedback)
 *
 * Corpus: the sample achievements copied `--copies` times (ids made unique), queries: the dev
 * and dev-hard needs. Reports the median over rounds of the mean ms per query, and the ratio.
 * Run: npx tsx bench/match-latency.ts [--copies 20] [--rounds 7]
 */
import { buildIndex } from '../src/index/document-index.js'
import { createMatcher, type MatcherOptions } from '../src/match/matcher.js'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import { loadInputs } from '../src/job/load.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const copies = arg('copies', 20)
const rounds = arg('rounds', 7)

const sample = await loadInputs({ demand: 'fixtures/sample/needs.jsonl', supply: 'fixtures/sample/achievements.jsonl' })
const needs = [...sample.needs, ...(await loadInputs({ demand: 'fixtures/sample/hard/needs.jsonl' })).needs]
const records = Array.from({ length: copies }, (_, c) => sample.achievements.map((a) => ({ ...a, id: `${a.id}-${c}` }))).flat()
const index = buildIndex(records, { kind: 'achievement', analyzer: createAnalyzer() })

const PLAIN: MatcherOptions = { channels: { words: 1, chars: 0, keywords: 0 }, feedback: { weight: 0 } }
const conditions: [string, MatcherOptions][] = [['plain BM25', PLAIN], ['default', {}]]

function timeCondition(options: MatcherOptions): number {
  const matcher = createMatcher(index, options)
  for (const need of needs) matcher.match(need, { topK: 10 }) // warm-up
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    let results = 0
    for (const need of needs) results += matcher.match(need, { topK: 10 }).length
    samples.push((performance.now() - t0) / needs.length)
    // Sanity: a fast but wrong matcher must fail here.
    if (results < needs.length * 5) throw new Error(`too few results: ${results}`)
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
}

const times = conditions.map(([name, options]) => [name, timeCondition(options)] as const)
const base = times[0]![1]
console.log(`corpus: ${records.length} achievements, ${needs.length} needs, median of ${rounds} rounds`)
for (const [name, ms] of times) console.log(`${name.padEnd(12)} ${ms.toFixed(3)} ms/query  ${(ms / base).toFixed(2)}× plain`)
