/**
 * Text analysis: turning Chinese (and mixed-script) text into index terms. Normalization
 * (NFKC, lower case), segmentation (jieba words with the domain dictionary, or character
 * n-grams), and stopword removal, behind the {@link Analyzer} contract that index/ and match/
 * depend on.
 *
 * It is not an index and keeps no corpus statistics; it does not weigh terms (no tf-idf, no
 * keyword extraction) and does not bridge vocabularies (synonyms, 症状 → 方法) — that belongs
 * to match/.
 */
export type { Analyzer } from './analyzer-types.js'
export type { Token, Tokenizer } from './tokenizer.js'
export { createAnalyzer, DEFAULT_ANALYZER_OPTIONS, type AnalyzerOptions } from './analyzer.js'
export { normalize } from './normalize.js'
export {
  createJiebaTokenizer,
  DEFAULT_JIEBA_OPTIONS,
  type JiebaTokenizer,
  type JiebaTokenizerOptions,
} from './jieba.js'
export {
  createNgramTokenizer,
  DEFAULT_NGRAM_OPTIONS,
  type NgramTokenizer,
  type NgramTokenizerOptions,
} from './ngram.js'
export {
  cleanWords,
  isDictionaryTokenizer,
  parseDictionary,
  readDictionary,
  type DictionaryTokenizer,
} from './dictionary.js'
export { domainDictionaryFiles, loadDomainDictionary } from './domain-dictionary.js'
export {
  ACHIEVEMENT_BOILERPLATE,
  BOILERPLATE,
  createStopwordSet,
  EXPERT_BOILERPLATE,
  NEED_BOILERPLATE,
  removeStopwords,
  STOPWORDS,
  type StopwordOptions,
} from './stopwords.js'
