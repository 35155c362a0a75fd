import type { DocumentIndex } from '../../src/index/document-index.js'
import { createMatcher, type MatchResult } from '../../src/match/matcher.js'
import type { Need } from '../../src/types.js'

/** What "ranks identically" compares: ids in order, scores to 1e-9, and 匹配度. */
export const ranking = (results: readonly MatchResult[]) => results.map((r) => [r.id, Number(r.score.toFixed(9)), r.matchScore])

/** The top-20 ranking of every need by a default matcher over the index. */
export const rankAll = (index: DocumentIndex, needs: readonly Need[]) => {
  const matcher = createMatcher(index)
  return needs.map((n) => ranking(matcher.match(n, { topK: 20 })))
}
