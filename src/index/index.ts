/**
 * Indexes: records of one kind analysed into an inverted index (BM25F fields), a keyword
 * index of exact phrases, corpus statistics and snapshots. Knows terms and records, never
 * jieba directly, and does not rank (match/ does).
 */
export { buildIndex, createCharAnalyzer, DocumentIndex, DEFAULT_EXTRACTED_KEYWORDS, type IndexOptions } from './document-index.js'
export { DEFAULT_FIELDS, fieldText, inferKind, type FieldWeights } from './fields.js'
export { InvertedIndex, type Postings, type DocTerms } from './inverted-index.js'
export type { CorpusStats } from './corpus-stats.js'
export { KeywordIndex, type KeywordSource, type KeywordHit } from './keyword-index.js'
export { extractKeywords } from './keyword-extract.js'
export { TfidfVectors } from './tfidf-vectors.js'
export { toSnapshot, fromSnapshot, SNAPSHOT_FORMAT_VERSION, type IndexSnapshot, type SnapshotDoc } from './snapshot.js'
export { toBinarySnapshot, toBinarySnapshotParts, fromBinarySnapshot, BINARY_SNAPSHOT_FORMAT_VERSION, BINARY_SNAPSHOT_MAGIC } from './binary-snapshot.js'
