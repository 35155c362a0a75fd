/**
 * Scoring: BM25/BM25F, TF-IDF and cosine, explanation trees. Pure functions of plain
 * numbers: no index, no text, no records. match/ feeds them corpus statistics.
 */
export { bm25, idf, fieldTermFreq, toBm25Params, DEFAULT_BM25, type Bm25Params } from './bm25.js'
export { tfidf, cosine, toUnitVector, type SparseVector } from './tfidf.js'
export { explanation, formatExplanation, type Explanation } from './explain.js'
