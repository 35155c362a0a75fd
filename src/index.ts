/**
 * duijie: matching Chinese technology supply and demand (科技成果 ↔ 企业技术需求 ↔ 专家).
 *
 * The public entry: re-exports only; nothing runs on import (the jieba dictionary loads when
 * the first analyzer is created). Semver covers exactly what this file exports.
 */
export * from './types.js'
export { MatchError, DataFormatError, type ErrorCode } from './errors.js'

// Text analysis.
export { createAnalyzer, DEFAULT_ANALYZER_OPTIONS, type AnalyzerOptions } from './tokenize/analyzer.js'
export type { Analyzer } from './tokenize/analyzer-types.js'
export type { Token, Tokenizer } from './tokenize/tokenizer.js'
export { normalize } from './tokenize/normalize.js'

// Indexes.
export {
  buildIndex,
  createCharAnalyzer,
  DocumentIndex,
  DEFAULT_FIELDS,
  toSnapshot,
  fromSnapshot,
  toBinarySnapshot,
  toBinarySnapshotParts,
  fromBinarySnapshot,
  SNAPSHOT_FORMAT_VERSION,
  type IndexOptions,
  type FieldWeights,
  type IndexSnapshot,
} from './index/index.js'

// Scoring.
export { bm25, idf, DEFAULT_BM25, formatExplanation, type Bm25Params, type Explanation } from './score/index.js'

// Matching.
export {
  createMatcher,
  createMatcherPool,
  createSimilarity,
  linkExperts,
  readConstraintsFromText,
  effectiveNeed,
  reciprocalRankFusion,
  checkConstraints,
  parseRegion,
  matchBand,
  MATCH_BANDS,
  DEFAULT_PENALTIES,
  CONSTRAINT_NAMES,
  type Matcher,
  type MatcherPool,
  type RankedResult,
  type Similarity,
  type SimilarResult,
  type SimilarOptions,
  type MatcherOptions,
  type MatchOptions,
  type MatchFilters,
  type MatchResult,
  type MatchedTerm,
  type ConstraintCheck,
  type ConstraintName,
  type ConstraintStatus,
  type ConstraintPenalties,
  type RegionRequirement,
  type MatchBand,
  type ChannelWeights,
  type FeedbackOptions,
  type AssociationOptions,
  type LinkedEvidence,
  type ExpertLink,
  type TextConstraints,
} from './match/index.js'

// The thesaurus: enterprise wording → technical terms.
export { createThesaurus, parseThesaurus, type Thesaurus, type ThesaurusOptions, type ThesaurusEntry } from './thesaurus/index.js'

// Files.
export {
  readJsonl,
  readRecords,
  readRecordStream,
  writeJsonl,
  writeCsv,
  createJsonlWriter,
  createCsvWriter,
  readQrels,
  parseQrels,
  formatReject,
  type Reject,
  type ReadRecordsOptions,
  type ReadRecordsResult,
  type CsvWriterOptions,
} from './io/index.js'

// Evaluation.
export { evaluate, formatEvaluation, ndcgAt, recallAt, mrrAt, precisionAt, type EvaluationResult } from './eval/index.js'

// Tuning (what `duijie tune` runs): coordinate ascent with cross-validation.
export { coordinateAscent, crossValidate, tuneOptions, DEFAULT_SEARCH_SPACE } from './tune/index.js'

// Jobs (what the CLI runs).
export {
  loadInputs,
  runMatchJob,
  runStreamedMatchJob,
  mergeShards,
  runEvalJob,
  matchRows,
  DIRECTIONS,
  type Direction,
  type MatchRow,
  type MatchJobOptions,
  type StreamedMatchJobOptions,
  type StreamedMatchJobSummary,
  type LoadedInputs,
} from './job/index.js'
