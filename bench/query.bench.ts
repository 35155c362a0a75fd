/**
 * vitest bench: one query at a time against 5,000 generated achievements, duijie plain BM25
 * against the defaults, cycling through 50 generated needs. Run: npx vitest bench bench/query.bench.ts
 */
import { bench, describe } from 'vitest'
import { duijieDefault, duijiePlain } from './peers/duijie.js'
import { generateCorpus } from './corpus.js'

const corpus = generateCorpus({ achievements: 5_000, needs: 50, seed: 3 })
const input = { records: corpus.achievements, docs: [] }
const plain = duijiePlain.build(input)
const dflt = duijieDefault.build(input)
const queries = corpus.needs.map((need) => ({ need, tokens: [] }))
let i = 0
let j = 0

describe('single query over 5,000 achievements', () => {
  bench('duijie plain BM25', () => void plain.search(queries[i++ % queries.length]!))
  bench('duijie default', () => void dflt.search(queries[j++ % queries.length]!))
})
