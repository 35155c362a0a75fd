/**
 * TF-IDF vectors of the documents of an index, for cosine similarity: which records say the
 * same thing (相似成果, near-duplicates across exports). Computed from the forward index, so no
 * text is re-analysed; cached until the index changes.
 *
 * w(t, d) = tfidf(Σ_f boost_f · tf(t, f, d), idf(t)) / ‖d‖
 */
import { idf, tfidf } from '../score/index.js'
import type { InvertedIndex } from './inverted-index.js'

/** Per-document L2 norms of the TF-IDF vectors, cached per index version. */
export class TfidfVectors {
  private norms = new Float64Array(0)
  private version = -1

  constructor(
    private readonly index: InvertedIndex,
    private readonly fieldWeights: ArrayLike<number>,
  ) {}

  /** The boosted raw count of a term in a document, from parallel per-field counts. */
  boostedCount(tfs: Uint16Array, offset: number): number {
    let count = 0
    for (let f = 0; f < this.index.fieldCount; f++) count += tfs[offset + f]! * (this.fieldWeights[f] ?? 1)
    return count
  }

  /** The unnormalised weight of a term id given its boosted count. */
  weight(termId: number, boostedCount: number): number {
    return tfidf(boostedCount, idf(this.index.docFreq(termId), this.index.docCount))
  }

  /** The L2 norm of a document's vector (0 for a dead or empty document). */
  norm(docIndex: number): number {
    if (this.version !== this.index.version) this.recompute()
    return this.norms[docIndex] ?? 0
  }

  private recompute(): void {
    const F = this.index.fieldCount
    const norms = new Float64Array(this.index.slotCount)
    for (let d = 0; d < norms.length; d++) {
      const doc = this.index.docTerms(d)
      if (!doc) continue
      let sum = 0
      for (let i = 0; i < doc.termIds.length; i++) sum += this.weight(doc.termIds[i]!, this.boostedCount(doc.tfs, i * F)) ** 2
      norms[d] = Math.sqrt(sum)
    }
    this.norms = norms
    this.version = this.index.version
  }
}
