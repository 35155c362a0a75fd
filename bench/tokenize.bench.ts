/**
 * vitest bench: duijie's analyzer (jieba search mode + domain dictionary + stopwords) against
 * jieba alone and the character-bigram analyzer, over 1,000 generated achievements.
 * Run: npx vitest bench bench/tokenize.bench.ts
 */
import { bench, describe } from 'vitest'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import { generateCorpus } from './corpus.js'
import { documentText } from './peers/duijie.js'

const texts = generateCorpus({ achievements: 1_000, needs: 0, seed: 1 }).achievements.map(documentText)
const analyzer = createAnalyzer()
const plainJieba = createAnalyzer({ searchMode: false, domainDictionary: false, stopwords: false })
const bigrams = createAnalyzer({ tokenizer: 'ngram' })

describe('analyze 1,000 achievements (title + keywords + summary)', () => {
  bench('duijie default analyzer', () => {
    for (const t of texts) analyzer.analyze(t)
  })
  bench('jieba only (no search mode, no domain dictionary, no stopwords)', () => {
    for (const t of texts) plainJieba.analyze(t)
  })
  bench('character bigrams', () => {
    for (const t of texts) bigrams.analyze(t)
  })
})
