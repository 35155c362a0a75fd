/**
 * Term associations learned from the indexed corpus itself: terms that occur together in
 * records far more often than chance. Achievement summaries name the symptom they cure beside
 * the method ("针对加工尺寸随温度漂移的问题…热误差补偿"), so a need's symptom word is
 * associated with the method's terms even when the need never names the method.
 *
 * assoc(t → u) = P(u | t) · idf(u),   P(u | t) = |D_t ∩ D_u| / |D_t|
 * kept when |D_t ∩ D_u| ≥ minCount; the top `perTerm` per query term, weighted
 * weight · assoc / max assoc of that term · the query term's own weight share.
 *
 * Learned on whatever corpus is indexed, not on our fixtures; computed from the forward index
 * on first use of a term and cached until the index changes (a batch of needs reuses it).
 *
 * @see Church & Hanks, "Word association norms, mutual information, and lexicography", 1990;
 *   Xu & Croft, "Query expansion using local and global document analysis", SIGIR 1996.
 */
import type { InvertedIndex } from '../index/inverted-index.js'
import { idf } from '../score/index.js'
import type { QueryTerm } from './query.js'

/** Association settings. */
export interface AssociationOptions {
  /** Associated terms added per query term. */
  readonly perTerm: number
  /** Weight of the strongest association relative to the query term's own weight (0: off). */
  readonly weight: number
  /** Least number of shared documents. */
  readonly minCount: number
  /** Query terms in more than this share of documents get no associations (too vague, too costly). */
  readonly maxDocFreqRatio: number
}

/** Learns and caches associations over one inverted index. */
export class Associations {
  private readonly cache = new Map<number, { term: string; strength: number }[]>()
  private version = -1

  constructor(
    private readonly index: InvertedIndex,
    readonly options: AssociationOptions,
  ) {}

  /** The associated terms of the given query terms, excluding terms already in the query. */
  expand(query: readonly QueryTerm[]): QueryTerm[] {
    const { weight, perTerm } = this.options
    if (weight <= 0 || perTerm <= 0) return []
    if (this.version !== this.index.version) {
      this.cache.clear()
      this.version = this.index.version
    }
    const own = new Set(query.map((q) => q.term))
    const maxWeight = query.reduce((m, q) => Math.max(m, q.weight), 0)
    const out = new Map<string, number>()
    for (const q of query) {
      if (q.term.length < 2) continue
      const termId = this.index.termId(q.term)
      if (termId < 0) continue
      for (const { term, strength } of this.associatesOf(termId).slice(0, perTerm)) {
        if (own.has(term)) continue
        const w = (weight * strength * q.weight) / maxWeight
        out.set(term, Math.max(out.get(term) ?? 0, w))
      }
    }
    return [...out].map(([term, w]) => ({ term, weight: w })).sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
  }

  private associatesOf(termId: number): { term: string; strength: number }[] {
    const cached = this.cache.get(termId)
    if (cached) return cached
    const index = this.index
    const df = index.docFreq(termId)
    let result: { term: string; strength: number }[] = []
    if (df >= this.options.minCount && df <= this.options.maxDocFreqRatio * index.docCount) {
      const counts = new Map<number, number>()
      const { docs, length } = index.postings(termId)
      for (let i = 0; i < length; i++) {
        const doc = index.docTerms(docs[i]!)
        if (!doc) continue
        for (const u of doc.termIds) if (u !== termId) counts.set(u, (counts.get(u) ?? 0) + 1)
      }
      const scored: { term: string; strength: number }[] = []
      for (const [u, count] of counts) {
        if (count < this.options.minCount) continue
        const term = index.term(u)
        if (term.length < 2 || /^[\d.%-]+$/.test(term)) continue
        scored.push({ term, strength: (count / df) * idf(index.docFreq(u), index.docCount) })
      }
      scored.sort((a, b) => b.strength - a.strength || (a.term < b.term ? -1 : 1))
      const best = scored[0]?.strength ?? 0
      result = best > 0 ? scored.slice(0, 20).map((s) => ({ term: s.term, strength: s.strength / best })) : []
    }
    this.cache.set(termId, result)
    return result
  }
}
