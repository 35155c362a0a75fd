/**
 * vitest bench: building duijie's index over 2,000 generated achievements, plain (one field,
 * words only) against the defaults (BM25F fields, character bigrams, keyword phrases).
 * Tokenization is included, as in bench/run.ts. Run: npx vitest bench bench/index.bench.ts
 */
import { bench, describe } from 'vitest'
import { duijieDefault, duijiePlain } from './peers/duijie.js'
import { generateCorpus } from './corpus.js'

const records = generateCorpus({ achievements: 2_000, needs: 0, seed: 2 }).achievements
const input = { records, docs: [] }

describe('build over 2,000 achievements', () => {
  bench('duijie plain BM25', () => void duijiePlain.build(input), { iterations: 3 })
  bench('duijie default', () => void duijieDefault.build(input), { iterations: 3 })
})
