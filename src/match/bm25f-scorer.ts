/**
 * BM25F over a DocumentIndex: term-at-a-time accumulation of every live document's score for
 * a weighted query, and the explanation of one document's score.
 *
 * score(d) = Σ_t qw(t) · idf(t) · tf~·(k1+1) / (tf~ + k1)
 * tf~(t,d) = Σ_f w_f · tf(t,f,d) / (1 − b + b · len(f,d) / avgLen(f))
 *
 * The per-(document, field) factor w_f / (1 − b + b·len/avgLen) is cached and refreshed only
 * when the index changes, and so is each term's saturation tf~ / (tf~ + k1) per posting (tf~
 * rounded to a Float32, the saturation kept as one; the explanation rounds the same way; for a
 * flat index all of them at once, see prepare): a query touches each posting once with one load
 * and one multiply-add, done by a WebAssembly kernel when the scores and the postings share a
 * {@link ScoreArena}.
 */
import { grow } from '../index/grow.js'
import { ShortTermIds } from '../index/short-term-ids.js'
import type { InvertedIndex } from '../index/inverted-index.js'
import { explanation, idf, type Bm25Params, type Explanation } from '../score/index.js'
import { DocList } from './doc-list.js'
import type { QueryTerm } from './query.js'
import { PostingRegion } from './score-arena.js'

/** The document frequency a term may always have, whatever maxDocFreqRatio says. */
const MIN_DOC_FREQ_CUTOFF = 5

/**
 * Postings whose saturation may be cached per scorer when the index is not flat (4 bytes each; a flat
 * index, bulk-built or loaded, keeps every term's saturation in one array parallel to its postings,
 * without a limit). Once it is full, further terms are computed into a reused array and not
 * kept. It used to start over instead: past 10^5 records the queried terms outgrow 2^24
 * postings (a need touches ~1.8M at 300k records) and every few queries recomputed all their
 * terms, each posting a random read of the field norms, and allocated them again.
 */
const MAX_CACHED_POSTINGS = 1 << 24

/** Query terms of one or two code units whose ids a scorer keeps (see Bm25fScorer.shortIds): ~8 MB at most. */
const MAX_SHORT_TERM_IDS = 1 << 18

/** How many recent query arrays a scorer keeps resolved (a match asks the word scorer about four in turn: the word query, the feedback terms, the own terms, the expansions). */
const RESOLVED_QUERIES = 8

/**
 * A query term resolved against the index. A class, not an object literal: V8 decides per literal
 * site whether to allocate its objects straight in the old generation (allocation-site
 * pretenuring), and a query's terms, all alive when a young collection comes, made it so; every
 * query's terms then became old-generation garbage (with the WeakMap this cache used to be, ~46 kB
 * a query at 10^5 records, left for the slower full collections). `new` of a class has no such site.
 */
class ResolvedTerm {
  constructor(
    readonly term: string,
    readonly termId: number,
    readonly weight: number,
    readonly idf: number,
  ) {}
}

/**
 * The saturation of every posting of a flat index and, when the region is an arena's (for its
 * kernel), a copy of its document, parallel to its posting arrays (`offsets` theirs; slots of
 * terms not computed yet are never written, nor the documents of a region of the scorer's own:
 * their pages are never touched), and the posting count each term's slots were computed for (−1: not yet).
 */
interface FlatSlab {
  readonly offsets: Uint32Array
  readonly region: PostingRegion
  readonly computed: Int32Array
}

/** Scores the documents of one inverted index by BM25F. */
export class Bm25fScorer {
  private norms = new Float32Array(0)
  private normsVersion = -1
  private readonly tfCache = new Map<number, Float32Array>()
  private tfCacheVersion = -1
  private tfCacheSize = 0
  /** saturation of a term not cached (the cache is full): reused, valid until the next call. */
  private uncached = new Float32Array(0)
  /** Scratch of termContributions: 1 + a document's entry by term id, 0 elsewhere. */
  private entryScratch = new Int32Array(0)
  /** saturation of a flat index's postings, made for its current posting arrays. */
  private flatTfsSlab: FlatSlab | undefined
  /** A region given for the flat posting arrays `givenOffsets` (see useRegion). */
  private givenRegion: PostingRegion | undefined
  private givenOffsets: Uint32Array | undefined

  /**
   * @param terms The inverted index (words, or character n-grams).
   * @param fieldWeights The BM25F boost of each of its fields.
   * @param params k1 and b.
   * @param maxDocFreqRatio Query terms in more than this share of documents are skipped: their
   *   idf is near 0 and their postings are the longest (character bigrams such as 技术).
   */
  constructor(
    readonly terms: InvertedIndex,
    readonly fieldWeights: ArrayLike<number>,
    readonly params: Bm25Params,
    readonly maxDocFreqRatio = 1,
    /** How many postings' saturation the cache holds (@internal: tests make it small). */
    private readonly maxCachedPostings = MAX_CACHED_POSTINGS,
  ) {}

  /**
   * Adds every live document's BM25F score for the query into `scores` (indexed by docIndex).
   *
   * @param query The weighted query terms.
   * @param scores The accumulator, at least `index.terms.slotCount` long; not cleared here.
   * @param touched Receives each docIndex the first time it gets a score (scores[d] was 0);
   *   undefined when the caller finds them afterwards (every nonzero score).
   * @param channelWeight Multiplies every contribution (the channel's fusion weight).
   */
  accumulate(query: readonly QueryTerm[], scores: Float64Array, touched: number[] | undefined, channelWeight = 1): void {
    if (!touched) return this.accumulateInto(query, scores, undefined, channelWeight)
    const list = new DocList()
    this.accumulateInto(query, scores, list, channelWeight)
    for (let i = 0; i < list.length; i++) touched.push(list.at(i))
  }

  /**
   * {@link Bm25fScorer.accumulate} with the touched documents in a reusable {@link DocList}.
   * Same scores, bit for bit, whichever loop adds them: each posting adds factor · tf~ / (tf~ + k1),
   * the saturation read from the cache (or slab), in query order.
   */
  accumulateInto(query: readonly QueryTerm[], scores: Float64Array, touched: DocList | undefined, channelWeight = 1): void {
    const k1 = this.params.k1
    // A flat index (bulk-built or loaded): every term's postings and saturation are stretches of whole
    // arrays, read in place (no views made per term).
    const flat = this.terms.flatPostingArrays()
    const slab = flat ? this.preparedSlab(flat.offsets) : undefined
    const arena = slab?.region.arena
    for (const t of this.resolve(query)) {
      let docs: Int32Array
      let tfs: Float32Array
      let from = 0
      let length: number
      if (flat && slab) {
        from = flat.offsets[t.termId]!
        length = this.terms.postingLength(t.termId)
        this.computeFlat(slab, t.termId, from, length)
        if (!touched && arena && arena.scores === scores) {
          arena.add(slab.region, from, from + length, channelWeight * t.weight * t.idf * (k1 + 1))
          continue
        }
        docs = flat.docs
        tfs = slab.region.sats
      } else {
        const postings = this.terms.postings(t.termId)
        docs = postings.docs
        length = postings.length
        tfs = this.normalizedTfs(t.termId, length)
      }
      const to = from + length
      const factor = channelWeight * t.weight * t.idf * (k1 + 1)
      if (touched) {
        // Branch-free: a dead document's tf~ is 0, adds 0 and is not recorded.
        touched.reserve(touched.length + length)
        const ids = touched.ids
        let n = touched.length
        for (let i = from; i < to; i++) {
          const tf = tfs[i]!
          const d = docs[i]!
          const s = scores[d]!
          ids[n] = d
          n += s === 0 && tf > 0 ? 1 : 0
          scores[d] = s + factor * tf
        }
        touched.length = n
      } else {
        // A dead document's tf~ is 0: it adds exactly 0, no branch needed. Four postings per
        // step (their documents differ, so the order of additions per document is unchanged):
        // the independent loads and stores overlap (a synthetic loop 1.6× faster, a 100k
        // query ~1.2×).
        let i = from
        for (const end = to - 3; i < end; i += 4) {
          const d0 = docs[i]!
          const d1 = docs[i + 1]!
          const d2 = docs[i + 2]!
          const d3 = docs[i + 3]!
          const t0 = tfs[i]!
          const t1 = tfs[i + 1]!
          const t2 = tfs[i + 2]!
          const t3 = tfs[i + 3]!
          scores[d0]! += factor * t0
          scores[d1]! += factor * t1
          scores[d2]! += factor * t2
          scores[d3]! += factor * t3
        }
        for (; i < to; i++) {
          scores[docs[i]!]! += factor * tfs[i]!
        }
      }
    }
  }

  /** The upper bound of any document's score: Σ qw·idf·(k1+1). Used to express a score as coverage. */
  maxScore(query: readonly QueryTerm[]): number {
    let total = 0
    for (const t of this.resolve(query)) total += t.weight * t.idf * (this.params.k1 + 1)
    return total
  }

  /**
   * How much a query says, in "fully informative terms": Σ min(qw, 1) · idf / ln(1 + docCount).
   * A term found in one document counts about 1; a term in half the corpus about 0.1.
   */
  information(query: readonly QueryTerm[]): number {
    const norm = Math.log(1 + this.terms.docCount)
    if (!(norm > 0)) return 0
    let total = 0
    for (const t of this.resolve(query)) total += Math.min(t.weight, 1) * t.idf
    return total / norm
  }

  /** The contribution of each query term to one document's score, largest first. */
  termContributions(query: readonly QueryTerm[], docIndex: number): { term: string; value: number; tf: number; idf: number; weight: number }[] {
    const doc = this.terms.docTerms(docIndex)
    if (!doc) return []
    const F = this.terms.fieldCount
    const norms = this.fieldNorms()
    const out: { term: string; value: number; tf: number; idf: number; weight: number }[] = []
    // Each of the document's entries by term id (its entries need not be ordered: see
    // InvertedIndex.orderedForward), cleared again before returning.
    const entryOf = (this.entryScratch = grow(this.entryScratch, this.terms.termCount))
    for (let i = 0; i < doc.termIds.length; i++) entryOf[doc.termIds[i]!] = i + 1
    for (const t of this.resolve(query)) {
      const i = entryOf[t.termId]! - 1
      if (i < 0) continue
      let tf = 0
      for (let f = 0; f < F; f++) tf += doc.tfs[i * F + f]! * norms[docIndex * F + f]!
      // Rounded as the accumulated terms are (the arrays keep tf~ / (tf~ + k1) of a Float32
      // tf~, as a Float32), so that the explanation adds up to the ranked score.
      tf = Math.fround(tf)
      const value = t.weight * t.idf * (this.params.k1 + 1) * Math.fround(saturation(tf, this.params.k1))
      if (value > 0) out.push({ term: t.term, value, tf, idf: t.idf, weight: t.weight })
    }
    for (let i = 0; i < doc.termIds.length; i++) entryOf[doc.termIds[i]!] = 0
    return out.sort((a, b) => b.value - a.value || (a.term < b.term ? -1 : 1))
  }

  /** The explanation tree of one document's BM25F score; its value equals the accumulated score. */
  explain(query: readonly QueryTerm[], docIndex: number): Explanation {
    const details = this.termContributions(query, docIndex).map((c) =>
      explanation(c.value, `weight(${c.term})`, [
        explanation(c.weight, 'query weight'),
        explanation(c.idf, 'idf'),
        explanation(c.tf, 'tf~ (BM25F, length-normalised, field-boosted)'),
      ]),
    )
    return explanation(
      details.reduce((sum, d) => sum + d.value, 0),
      `bm25f(k1=${this.params.k1}, b=${this.params.b}), sum of:`,
      details,
    )
  }

  /**
   * The ids of query terms of one or two code units (every character and bigram of the
   * character channel, many words), for the index version `shortIdsVersion`: most of a query's
   * were in earlier queries, and a ShortTermIds slot answers in one cache miss where the
   * index's term table (10^5–10^6 terms) takes three or four. Cleared when the index changes
   * or past MAX_SHORT_TERM_IDS terms.
   */
  private shortIds = new ShortTermIds()
  private shortIdsVersion = -1

  // One query is resolved once, though accumulate, maxScore, information and every result's
  // contributions all ask: the last few query arrays, by identity, with the index version. (Not a
  // WeakMap keyed by the arrays: its entries outlived young collections, see ResolvedTerm.)
  private readonly resolvedQueries = new Array<readonly QueryTerm[] | undefined>(RESOLVED_QUERIES).fill(undefined)
  private readonly resolvedTerms = new Array<ResolvedTerm[]>(RESOLVED_QUERIES).fill([])
  private readonly resolvedVersions = new Float64Array(RESOLVED_QUERIES)
  private resolvedNext = 0

  private resolve(query: readonly QueryTerm[]): ResolvedTerm[] {
    const version = this.terms.version
    for (let i = 0; i < RESOLVED_QUERIES; i++) {
      if (this.resolvedQueries[i] === query && this.resolvedVersions[i] === version) return this.resolvedTerms[i]!
    }
    const terms = this.resolveUncached(query)
    const slot = this.resolvedNext
    this.resolvedNext = (slot + 1) % RESOLVED_QUERIES
    this.resolvedQueries[slot] = query
    this.resolvedTerms[slot] = terms
    this.resolvedVersions[slot] = version
    return terms
  }

  private resolveUncached(query: readonly QueryTerm[]): ResolvedTerm[] {
    const terms = this.terms
    const out: ResolvedTerm[] = []
    const maxDocFreq = this.maxDocFreq()
    if (this.shortIdsVersion !== terms.version || this.shortIds.size >= MAX_SHORT_TERM_IDS) {
      // Cleared, not made again: a query right after each change of an index (incremental
      // updates) would otherwise fault in ~0.5 MB of new memory per scorer.
      if (this.shortIds.size > 0) this.shortIds.clear()
      this.shortIdsVersion = terms.version
    }
    const shortIds = this.shortIds
    for (const q of query) {
      let termId: number
      const length = q.term.length
      if (length === 1 || length === 2) {
        // The slot's value: the term id + 1, 0 when the index does not have the term.
        const slot = shortIds.slotOf(q.term, 0, length)
        if (slot !== -1) termId = shortIds.value(slot) - 1
        else shortIds.add(q.term, 0, length, 0, (termId = terms.termId(q.term)) + 1)
      } else termId = terms.termId(q.term)
      const docFreq = terms.docFreq(termId)
      if (termId < 0 || docFreq === 0 || q.weight <= 0 || docFreq > maxDocFreq) continue
      out.push(new ResolvedTerm(q.term, termId, q.weight, idf(docFreq, terms.docCount)))
    }
    return out
  }

  /**
   * Computes the saturation of every posting of a flat index (bulk-built or loaded) at once, in one
   * pass over its posting arrays: about 10 ns a posting at 10^5 records, against ~30 ns when a
   * query meets a term first (a pass per term, each with its own random reads of the norms), so
   * that no query pays it. Does nothing for an index that is not flat. After the index changes,
   * terms are recomputed as queries meet them.
   */
  prepare(): void {
    const arrays = this.terms.flatPostingArrays()
    if (!arrays) return
    const flat = this.preparedSlab(arrays.offsets)
    const { docs: regionDocs, sats } = flat.region
    // Only the kernel reads the region's copy of the documents; JavaScript reads the index's.
    const copyDocs = flat.region.arena !== undefined
    const { offsets, docs, tfs } = arrays
    const F = this.terms.fieldCount
    const norms = this.fieldNorms()
    const maxDocFreq = this.maxDocFreq()
    const T = offsets.length - 1
    // Runs of consecutive terms a query can use, each in one pass; the few terms too common to
    // be queried (a third of the character postings) are skipped.
    for (let t = 0; t < T; ) {
      if (this.terms.docFreq(t) > maxDocFreq) {
        t++
        continue
      }
      const first = t
      // A term's slots are computed for its whole stretch: after compact() its length is
      // shorter and accumulateInto computes it again.
      for (; t < T && this.terms.docFreq(t) <= maxDocFreq; t++) flat.computed[t] = offsets[t + 1]! - offsets[t]!
      const start = offsets[first]!
      const end = offsets[t]!
      if (copyDocs) regionDocs.set(docs.subarray(start, end), start)
      writeTfs(docs.subarray(start, end), tfs.subarray(start * F, end * F), F, norms, this.params.k1, sats.subarray(start, end), end - start)
    }
  }

  /** Query terms in more documents than this are skipped. */
  private maxDocFreq(): number {
    // The ratio is for large corpora: in a tiny one it would drop every term.
    return this.maxDocFreqRatio >= 1 ? Infinity : Math.max(this.maxDocFreqRatio * this.terms.docCount, MIN_DOC_FREQ_CUTOFF)
  }

  /**
   * The saturation of each posting of a term of an index that is not flat (0 for a dead document), parallel
   * to its postings; computed once per term and index version (as far as the cache holds), so
   * accumulate does one load per posting instead of a multiply-add per field with random access
   * to the norms and a divide. Each value is tf~ / (tf~ + k1) of the per-field sum in doubles
   * rounded to a Float32, itself stored as a Float32, as termContributions rounds it. A flat index's are in its slab ({@link Bm25fScorer.flatTfs}).
   */
  private normalizedTfs(termId: number, length: number): Float32Array {
    this.checkVersion()
    const cached = this.tfCache.get(termId)
    if (cached && cached.length === length) return cached
    if (cached) {
      this.tfCache.delete(termId)
      this.tfCacheSize -= cached.length
    }
    const keep = this.tfCacheSize + length <= this.maxCachedPostings
    if (!keep && this.uncached.length < length) this.uncached = new Float32Array(length)
    const out = keep ? new Float32Array(length) : this.uncached.subarray(0, length)
    this.computeTfs(termId, length, out)
    if (keep) {
      this.tfCache.set(termId, out)
      this.tfCacheSize += length
    }
    return out
  }

  /** The saturation slab of a flat index's posting arrays (`offsets` theirs), current for the index's version. */
  private preparedSlab(offsets: Uint32Array): FlatSlab {
    this.checkVersion()
    return this.flatSlab(offsets)
  }

  /** Computes the slab's documents and saturation of the term's `length` postings at [from, from + length) unless they are. */
  private computeFlat(slab: FlatSlab, termId: number, from: number, length: number): void {
    // compact() shortens postings without a new version: the length tells.
    if (slab.computed[termId] !== length) {
      if (slab.region.arena) slab.region.docs.set(this.terms.postings(termId).docs.subarray(0, length), from)
      this.computeTfs(termId, length, slab.region.sats.subarray(from, from + length))
      slab.computed[termId] = length
    }
  }

  /** Forgets every kept saturation when the index has changed since they were computed. */
  private checkVersion(): void {
    if (this.tfCacheVersion === this.terms.version) return
    this.tfCache.clear()
    this.tfCacheSize = 0
    this.flatTfsSlab?.computed.fill(-1)
    this.tfCacheVersion = this.terms.version
  }

  /**
   * Has the slab of the flat posting arrays `offsets` (when the index has them) in `region` instead
   * of a region of the scorer's own: a {@link ScoreArena}'s, so that its kernel adds them up.
   * Ignored unless the region has a slot for each of their postings.
   */
  useRegion(region: PostingRegion, offsets: Uint32Array): void {
    if (region.postings !== offsets[offsets.length - 1]) return
    this.givenRegion = region
    this.givenOffsets = offsets
    if (this.flatTfsSlab?.offsets === offsets) this.flatTfsSlab = undefined
  }

  /** The saturation slab parallel to a flat index's postings, made (empty) for new posting arrays. */
  private flatSlab(offsets: Uint32Array): FlatSlab {
    let flat = this.flatTfsSlab
    if (flat?.offsets !== offsets) {
      const T = offsets.length - 1
      const region = this.givenOffsets === offsets ? this.givenRegion! : PostingRegion.own(offsets[T]!)
      flat = this.flatTfsSlab = { offsets, region, computed: new Int32Array(T).fill(-1) }
    }
    return flat
  }

  /** Writes the saturation of a term's first `length` postings into out (a dead document's norms are 0). */
  private computeTfs(termId: number, length: number, out: Float32Array): void {
    const { docs, tfs } = this.terms.postings(termId)
    writeTfs(docs, tfs, this.terms.fieldCount, this.fieldNorms(), this.params.k1, out, length)
  }

  private fieldNorms(): Float32Array {
    const terms = this.terms
    if (this.normsVersion === terms.version) return this.norms
    const F = terms.fieldCount
    const slots = terms.slotCount
    const norms = this.norms.length >= slots * F ? this.norms : new Float32Array(slots * F)
    const b = this.params.b
    const weights = this.fieldWeights
    for (let f = 0; f < F; f++) {
      const avg = terms.avgFieldLength(f)
      const w = weights[f]!
      for (let d = 0; d < slots; d++) {
        // 0 for a dead document: its tf~ is 0 without a look at the live flags.
        norms[d * F + f] = !terms.isLive(d) ? 0 : avg > 0 ? w / (1 - b + (b * terms.fieldLength(d, f)) / avg) : w
      }
    }
    this.norms = norms
    this.normsVersion = terms.version
    return norms
  }
}

/**
 * out[i] = tf~ / (tf~ + k1) for the first `length` postings, where tf~ = Σ_f tfs[i·F + f] ·
 * norms[docs[i]·F + f], the per-field sum in doubles rounded to a Float32 (the saturation is
 * stored as a Float32 too).
 */
function writeTfs(docs: Int32Array, tfs: Uint16Array, F: number, norms: Float32Array, k1: number, out: Float32Array, length: number): void {
  let i = 0
  if (F === 3) {
    // The default fields, four postings a step: their random reads of the norms overlap.
    for (const end = length - 3; i < end; i += 4) {
      const d0 = docs[i]! * 3
      const d1 = docs[i + 1]! * 3
      const d2 = docs[i + 2]! * 3
      const d3 = docs[i + 3]! * 3
      const j = i * 3
      out[i] = saturation(Math.fround(0 + tfs[j]! * norms[d0]! + tfs[j + 1]! * norms[d0 + 1]! + tfs[j + 2]! * norms[d0 + 2]!), k1)
      out[i + 1] = saturation(Math.fround(0 + tfs[j + 3]! * norms[d1]! + tfs[j + 4]! * norms[d1 + 1]! + tfs[j + 5]! * norms[d1 + 2]!), k1)
      out[i + 2] = saturation(Math.fround(0 + tfs[j + 6]! * norms[d2]! + tfs[j + 7]! * norms[d2 + 1]! + tfs[j + 8]! * norms[d2 + 2]!), k1)
      out[i + 3] = saturation(Math.fround(0 + tfs[j + 9]! * norms[d3]! + tfs[j + 10]! * norms[d3 + 1]! + tfs[j + 11]! * norms[d3 + 2]!), k1)
    }
  }
  for (; i < length; i++) {
    const d = docs[i]!
    let tf = 0
    for (let f = 0; f < F; f++) tf += tfs[i * F + f]! * norms[d * F + f]!
    out[i] = saturation(Math.fround(tf), k1)
  }
}

/** tf~ / (tf~ + k1), 0 for tf~ = 0 (also at k1 = 0). */
export function saturation(tf: number, k1: number): number {
  return tf > 0 ? tf / (tf + k1) : 0
}

