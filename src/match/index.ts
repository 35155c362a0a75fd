/**
 * Matching: a query record against an index, in every direction, with constraints, 匹配度
 * and 推荐理由. Reads index/ and score/; knows nothing of files or the CLI.
 */
export {
  createMatcher,
  DEFAULT_MATCHER_OPTIONS,
  type Matcher,
  type RankedResult,
  type MatcherOptions,
  type MatchOptions,
  type MatchFilters,
  type MatchResult,
} from './matcher.js'
export { buildQuery, DEFAULT_QUERY_FIELDS, type QueryTerm } from './query.js'
export {
  checkConstraints,
  constraintFactor,
  maturityRank,
  DEFAULT_PENALTIES,
  CONSTRAINT_NAMES,
  type ConstraintCheck,
  type ConstraintName,
  type ConstraintStatus,
  type ConstraintPenalties,
  type RegionRequirement,
} from './constraints.js'
export { parseRegion, regionProximity, type Region, type RegionProximity } from './region.js'
export { matchScore, matchBand, MATCH_BANDS, DEFAULT_MATCH_SCORE_SCALE, type MatchBand } from './match-score.js'
export { topK, type Scored } from './rank.js'
export { createMatcherPool, type MatcherPool } from './parallel-match.js'
export { DEFAULT_KEYWORD_SOURCE_WEIGHTS, type KeywordSourceWeights, type KeywordMatch } from './keyword-scorer.js'
export type { MatchedTerm } from './reasons.js'
export { createSimilarity, type Similarity, type SimilarResult, type SimilarOptions } from './similar.js'
export { linkExperts, type ExpertLink, type LinkExpertsOptions } from './expert-links.js'
export { readConstraintsFromText, effectiveNeed, type TextConstraints, type EffectiveNeed } from './need-constraints.js'
export { reciprocalRankFusion, normalizeScores, weightedSum } from './fuse.js'
export { createDenseChannel, type DenseChannel } from './dense.js'
export { createThesaurusExpander } from './thesaurus-expander.js'
export type { ChannelWeights, ExpansionTerm, QueryExpander, QueryExpansion } from './text-channels.js'
export type { FeedbackOptions } from './feedback.js'
export type { AssociationOptions } from './associations.js'
export type { LinkedEvidence } from './matcher.js'
