/**
 * Measures the analyzer on a dataset: the share of owner keywords that come out as one token
 * (jieba alone vs. jieba + domain dictionary), and analysis speed. A check, not a target.
 *
 *   npx tsx scripts/dict-measure.ts [achievements.jsonl]
 *
 * Default input: /work/shared/datasets/dev/achievements.jsonl (the dev set).
 */
import { readFileSync } from 'node:fs'

import { createAnalyzer } from '../src/tokenize/analyzer.js'
import type { Achievement } from '../src/types.js'

const file = process.argv[2] ?? '/work/shared/datasets/dev/achievements.jsonl'
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as Achievement)
const keywords = records.flatMap((record) => record.keywords ?? [])

for (const domainDictionary of [false, true]) {
  const analyzer = createAnalyzer({ domainDictionary, stopwords: false })
  const whole = keywords.filter((keyword) => analyzer.analyze(keyword).length === 1).length
  console.log(`${analyzer.name}: ${whole}/${keywords.length} keywords one token (${((100 * whole) / keywords.length).toFixed(1)}%)`)
}

const texts = records.map((record) => [record.title, ...(record.keywords ?? []), record.summary ?? ''].join('\n'))
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
const chars = texts.reduce((sum, text) => sum + text.length, 0)
for (const options of [{}, { tokenizer: 'ngram' as const }]) {
  const analyzer = createAnalyzer(options)
  for (const text of texts) analyzer.analyze(text) // warm up
  const rounds = 20
  let terms = 0
  const started = process.hrtime.bigint()
  for (let round = 0; round < rounds; round++) for (const text of texts) terms += analyzer.analyze(text).length
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  console.log(
    `${analyzer.name}: ${((bytes * rounds) / seconds / 1e6).toFixed(2)} MB/s UTF-8, ` +
      `${((chars * rounds) / seconds / 1e6).toFixed(2)} M chars/s, ${Math.round(terms / rounds)} terms per pass over ${texts.length} records`,
  )
}
