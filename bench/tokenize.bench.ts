/**
 * vitest bench: tokenization over 1,000 generated achievements (title + keywords + summary).
 *
 * - duijie's default analyzer (jieba search mode + domain dictionary + stopwords), jieba alone,
 *   and the character-bigram analyzer;
 * - the segmentation itself: duijie's JavaScript jieba (jieba-dictionary.ts, pieces as offsets)
 *   against nodejieba's native `cut`, the package it replaced in the core, on the same CJK runs
 *   with the same dictionary (jieba's default; the results are identical, checked here);
 * - and against @node-rs/jieba (jieba-rs, prebuilt), the candidate for an optional faster
 *   backend: same runs, jieba's main dictionary on both sides (its user dictionary lists words
 *   without frequencies, which jieba-rs's loadDict refuses), results checked identical.
 *
 * Run: npx vitest bench bench/tokenize.bench.ts
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { bench, describe } from 'vitest'
import { createAnalyzer } from '../src/tokenize/analyzer.js'
import { JiebaDictionary } from '../src/tokenize/jieba-dictionary.js'
import { normalize } from '../src/tokenize/normalize.js'
import { scan } from '../src/tokenize/scan.js'
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

const runs: string[] = []
for (const raw of texts) {
  const text = normalize(raw)
  scan(text, { cjk: (start, end) => runs.push(text.slice(start, end)), term: () => undefined })
}
const nodejieba = createRequire(import.meta.url)('nodejieba') as typeof import('nodejieba')
nodejieba.load()
const file = (name: string) => fileURLToPath(new URL(`../dict/jieba/${name}`, import.meta.url))
const dictionary = JiebaDictionary.load(file('jieba.dict.utf8'), file('user.dict.utf8'))
for (const run of runs) {
  const ours: string[] = []
  dictionary.cut(run, 0, run.length, (from, to) => ours.push(run.slice(from, to)))
  if (ours.join('/') !== nodejieba.cut(run, false).join('/')) throw new Error(`segmentations differ on ${run}`)
}

const { Jieba } = createRequire(import.meta.url)('@node-rs/jieba') as typeof import('@node-rs/jieba')
const rsJieba = Jieba.withDict(readFileSync(file('jieba.dict.utf8')))
const mainDictionary = JiebaDictionary.load(file('jieba.dict.utf8'))
for (const run of runs) {
  const ours: string[] = []
  mainDictionary.cut(run, 0, run.length, (from, to) => ours.push(run.slice(from, to)))
  if (ours.join('/') !== rsJieba.cut(run, false).join('/')) throw new Error(`segmentations differ from @node-rs/jieba on ${run}`)
}

describe(`segment the ${runs.length.toLocaleString('en')} CJK runs of 1,000 achievements (jieba's dictionary, no HMM)`, () => {
  bench('duijie JiebaDictionary.cut (offsets)', () => {
    let pieces = 0
    for (const run of runs) dictionary.cut(run, 0, run.length, () => pieces++)
  })
  bench('nodejieba.cut (native, array of strings)', () => {
    for (const run of runs) nodejieba.cut(run, false)
  })
})

describe(`segment the same runs with jieba's main dictionary only`, () => {
  bench('duijie JiebaDictionary.cut (offsets)', () => {
    let pieces = 0
    for (const run of runs) mainDictionary.cut(run, 0, run.length, () => pieces++)
  })
  bench('@node-rs/jieba cut (native, array of strings)', () => {
    for (const run of runs) rsJieba.cut(run, false)
  })
})
