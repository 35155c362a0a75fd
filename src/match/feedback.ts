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
import { grow } from '../index/grow.js'
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
 * Reusable per-term arrays of {@link feedbackTerms} (one per matcher): a query's model covers a
 * few hundred terms, and a Map of them, a sort of all and a string per term were most of its cost.
 */
export class FeedbackScratch {
  /** Per term id: its mass in the current model (0 outside it). */
  mass = new Float64Array(0)
  /** The model's term ids, in the order the documents met them. */
  ids = new Int32Array(0)
  /** Per term id: the call that listed it last (a term may gain mass 0, from a field of weight 0). */
  listedIn = new Int32Array(0)
  calls = 0
}

/**
 * Picks expansion terms from the top documents of a first pass.
 *
 * @param index The word index.
 * @param fieldWeights Field boosts, parallel to the index fields.
 * @param top The first-pass documents, best first, with their scores.
 * @param exclude Terms already in the query.
 * @param options How many documents and terms, and the weight.
 * @param scratch Arrays reused across calls (a new one when left out).
 * @returns Weighted expansion terms, best first (ties by term); single characters and bare numbers excluded.
 */
export function feedbackTerms(
  index: InvertedIndex,
  fieldWeights: ArrayLike<number>,
  top: readonly { docIndex: number; score: number }[],
  exclude: ReadonlySet<string>,
  options: FeedbackOptions,
  scratch: FeedbackScratch = new FeedbackScratch(),
): QueryTerm[] {
  const used = top.slice(0, options.docs)
  if (used.length === 0 || options.terms <= 0 || options.weight <= 0) return []
  const maxScore = used[0]!.score
  if (!(maxScore > 0)) return []
  const F = index.fieldCount
  const mass = (scratch.mass = grow(scratch.mass, index.termCount))
  const listedIn = (scratch.listedIn = grow(scratch.listedIn, index.termCount))
  const call = ++scratch.calls
  let ids = scratch.ids
  let size = 0
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
    ids = scratch.ids = grow(ids, size + doc.termIds.length)
    for (let i = 0; i < doc.termIds.length; i++) {
      const id = doc.termIds[i]!
      if (listedIn[id] !== call) {
        listedIn[id] = call
        ids[size++] = id
      }
      mass[id]! += (counts[i]! / length) * queryLikelihood
    }
  }
  // The scale is the best term of the feedback model, the query's own terms included (RM3
  // interpolates with the query model): when the top documents' mass is the query's own terms,
  // what is left over is weak evidence and gets a small weight, not the full one. The kept
  // terms are the best `options.terms` by weight, then term: a bounded list, so that only the
  // few terms that could enter it are looked at further.
  let best = 0
  const kept: { term: string; weight: number }[] = []
  const limit = options.terms
  for (let k = 0; k < size; k++) {
    const id = ids[k]!
    const p = mass[id]!
    mass[id] = 0
    const term = index.term(id)
    if (term.length < 2) continue
    const df = index.docFreq(id)
    const weight = p * idf(df, index.docCount)
    if (weight > best) best = weight
    // A term of a single document can only find that document again: no use as an expansion.
    if (df <= 1 && used.length > 1) continue
    if (kept.length === limit && !before(weight, term, kept[limit - 1]!)) continue
    if (exclude.has(term) || /^[\d.%-]+$/.test(term)) continue
    let j = kept.length < limit ? kept.length : limit - 1
    for (; j > 0 && before(weight, term, kept[j - 1]!); j--) kept[j] = kept[j - 1]!
    kept[j] = { term, weight }
  }
  return best > 0 ? kept.map((c) => ({ term: c.term, weight: (options.weight * c.weight) / best })) : []
}

/** Whether (weight, term) ranks before c: higher weight, then the term first in code-unit order. */
function before(weight: number, term: string, c: { term: string; weight: number }): boolean {
  return weight > c.weight || (weight === c.weight && term < c.term)
}
