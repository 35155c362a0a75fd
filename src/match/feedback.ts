/**
 * Pseudo-relevance feedback, RM3 style: the distinctive terms of the first-pass top documents
 * join the query. A need that says "尺寸不稳定" finds, among its first hits, achievements that
 * also say "热误差" and "补偿"; those words then pull in the achievement that only says them.
 *
 * P(t | R) ∝ Σ_{d ∈ top} P(t | d) · P(q | d)
 *   P(t | d) = boosted tf(t, d) / |d|,   P(q | d) ∝ first-pass score(d) / max score
 * weight(t) = idf(t) · P(t | R), the top `terms` kept, scaled by the best idf · P over all
 * terms of the model, the query's own included (so the best expansion reaches 1 only when no
 * query term outweighs it).
 *
 * @see Lavrenko & Croft, "Relevance-Based Language Models", SIGIR 2001; Abdul-Jaleel et al.,
 *   "UMass at TREC 2004" (RM3).
 */
import type { InvertedIndex } from '../index/inverted-index.js'
import { idf } from '../score/index.js'
import type { QueryTerm } from './query.js'

/** Feedback settings. */
export interface FeedbackOptions {
  /** First-pass documents used. */
  readonly docs: number
  /** Expansion terms added. */
  readonly terms: number
  /** Weight of the best expansion term relative to a query term of weight 1. */
  readonly weight: number
}

/**
 * Picks expansion terms from the top documents of a first pass.
 *
 * @param index The word index.
 * @param fieldWeights Field boosts, parallel to the index fields.
 * @param top The first-pass documents, best first, with their scores.
 * @param exclude Terms already in the query.
 * @param options How many documents and terms, and the weight.
 * @returns Weighted expansion terms, best first; single characters and bare numbers excluded.
 */
export function feedbackTerms(
  index: InvertedIndex,
  fieldWeights: ArrayLike<number>,
  top: readonly { docIndex: number; score: number }[],
  exclude: ReadonlySet<string>,
  options: FeedbackOptions,
): QueryTerm[] {
  const used = top.slice(0, options.docs)
  if (used.length === 0 || options.terms <= 0 || options.weight <= 0) return []
  const maxScore = used[0]!.score
  if (!(maxScore > 0)) return []
  const F = index.fieldCount
  const mass = new Map<number, number>()
  for (const { docIndex, score } of used) {
    const doc = index.docTerms(docIndex)
    if (!doc) continue
    let length = 0
    const counts = new Float64Array(doc.termIds.length)
    for (let i = 0; i < doc.termIds.length; i++) {
      let c = 0
      for (let f = 0; f < F; f++) c += doc.tfs[i * F + f]! * (fieldWeights[f] ?? 1)
      counts[i] = c
      length += c
    }
    if (length === 0) continue
    const queryLikelihood = score / maxScore
    for (let i = 0; i < doc.termIds.length; i++) {
      const id = doc.termIds[i]!
      mass.set(id, (mass.get(id) ?? 0) + (counts[i]! / length) * queryLikelihood)
    }
  }
  const candidates: { term: string; weight: number }[] = []
  // The scale is the best term of the feedback model, the query's own terms included (RM3
  // interpolates with the query model): when the top documents' mass is the query's own terms,
  // what is left over is weak evidence and gets a small weight, not the full one.
  let best = 0
  for (const [id, p] of mass) {
    const term = index.term(id)
    const df = index.docFreq(id)
    const weight = p * idf(df, index.docCount)
    if (term.length >= 2 && weight > best) best = weight
    if (term.length < 2 || exclude.has(term) || /^[\d.%-]+$/.test(term)) continue
    // A term of a single document can only find that document again: no use as an expansion.
    if (df <= 1 && used.length > 1) continue
    candidates.push({ term, weight })
  }
  candidates.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
  const kept = candidates.slice(0, options.terms)
  return best > 0 ? kept.map((c) => ({ term: c.term, weight: (options.weight * c.weight) / best })) : []
}
