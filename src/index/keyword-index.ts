/**
 * The keyword index: exact phrases attached to records — owner keywords (关键词), 研究方向,
 * 领域, and keywords extracted from the text — and the records that carry each. A query
 * matches a phrase when its normalised text contains it, whatever the segmentation: this is
 * how "烟气消白" in a need finds the achievement keyed 烟气消白 even when jieba cuts it apart.
 * It is not the inverted index (no term statistics) and not a thesaurus.
 */
import { invariant } from '../errors.js'
import { TermTable } from '../tokenize/term-table.js'
import { cutsAlnumRun, PhraseLengths } from '../tokenize/phrase-lengths.js'
import { grow } from './grow.js'

/** Where a phrase came from; owner-given phrases are trusted more than extracted ones. */
export type KeywordSource = 'owner' | 'direction' | 'field' | 'extracted'

/** One phrase found in a query text, with the documents that carry it. */
export interface KeywordHit {
  readonly phrase: string
  readonly docs: ReadonlyMap<number, KeywordSource>
}

/** Shortest and longest phrase kept, in UTF-16 units. Longer owner "keywords" are sentences. */
export const KEYWORD_MIN_LENGTH = 2
export const KEYWORD_MAX_LENGTH = 16

const NO_PHRASES: readonly string[] = []

const SOURCE_RANK: Record<KeywordSource, number> = { owner: 3, direction: 3, field: 1, extracted: 2 }

/** Phrase → (docIndex → best source). Phrases are stored normalised, as given. */
export class KeywordIndex {
  private readonly docsByPhrase = new Map<string, Map<number, KeywordSource>>()
  private readonly phrasesByDoc = new Map<number, string[]>()
  // The phrases' lengths by their first two code units: findIn probes each position of a query
  // once, in place, and then only the lengths present (~15 slices and map lookups a position
  // before). Not taken back on remove (a stale bit costs one lookup).
  private readonly lengths = new PhraseLengths(KEYWORD_MIN_LENGTH)
  // Every phrase by id, with its documents (undefined once removed): findIn looks a stretch of the
  // query up in place and makes a string only for a phrase found, where a slice and a map probe
  // per candidate stretch were most of its time. Made by the first findIn (a load does not pay it).
  private phraseTable: TermTable | undefined
  private docsById: (Map<number, KeywordSource> | undefined)[] = []

  /** Number of distinct phrases. */
  get size(): number {
    return this.docsByPhrase.size
  }

  /** Attaches normalised phrases to a document; phrases outside the length bounds are ignored. */
  add(docIndex: number, phrases: Iterable<string>, source: KeywordSource): void {
    for (const phrase of phrases) {
      if (phrase.length < KEYWORD_MIN_LENGTH || phrase.length > KEYWORD_MAX_LENGTH) continue
      let docs = this.docsByPhrase.get(phrase)
      if (!docs) {
        this.docsByPhrase.set(phrase, (docs = new Map()))
        this.lengths.note(phrase)
        if (this.phraseTable) this.docsById[this.phraseTable.intern(phrase)] = docs
      }
      const previous = docs.get(docIndex)
      if (previous === undefined) {
        const list = this.phrasesByDoc.get(docIndex)
        if (list) list.push(phrase)
        else this.phrasesByDoc.set(docIndex, [phrase])
      }
      if (previous === undefined || SOURCE_RANK[source] > SOURCE_RANK[previous]) docs.set(docIndex, source)
    }
  }

  /**
   * Fills an empty index in bulk from both of its directions, each stored in order: per phrase,
   * its documents and their sources; per document, its phrases. Building each phrase's map in
   * one go is about three times faster than entry by entry in document order. Used by binary
   * snapshots.
   *
   * @param phrases The phrase table.
   * @param sources The source table.
   * @param byPhrase Phrase p's documents are `docs[offsets[p]…offsets[p+1]]`, ascending, with
   * `sources[k]` (indexes into `sources`) parallel to them.
   * @param byDoc Document d's phrases are `phraseIds[offsets[d]…offsets[d+1]]`, in the order
   * {@link phrasesOf} gives them; each phrase must list that document in `byPhrase`.
   * @internal
   */
  load(
    phrases: readonly string[],
    sources: readonly KeywordSource[],
    byPhrase: { readonly offsets: Uint32Array; readonly docs: Int32Array; readonly sources: Uint8Array },
    byDoc: { readonly offsets: Uint32Array; readonly phraseIds: Int32Array },
  ): void {
    invariant(this.docsByPhrase.size === 0 && this.phrasesByDoc.size === 0, 'load fills an empty keyword index')
    this.phraseTable = undefined
    this.docsById = []
    for (let p = 0; p < phrases.length; p++) {
      const end = byPhrase.offsets[p + 1]!
      if (end === byPhrase.offsets[p]) continue
      const docs = new Map<number, KeywordSource>()
      for (let k = byPhrase.offsets[p]!; k < end; k++) docs.set(byPhrase.docs[k]!, sources[byPhrase.sources[k]!]!)
      this.docsByPhrase.set(phrases[p]!, docs)
      this.lengths.note(phrases[p]!)
    }
    for (let d = 0; d + 1 < byDoc.offsets.length; d++) {
      const start = byDoc.offsets[d]!
      const end = byDoc.offsets[d + 1]!
      if (end === start) continue
      const list = new Array<string>(end - start)
      for (let k = start; k < end; k++) list[k - start] = phrases[byDoc.phraseIds[k]!]!
      this.phrasesByDoc.set(d, list)
    }
  }

  /**
   * Both directions of the phrases of the documents `slots` (renumbered 0, 1, … in that order),
   * as {@link load} takes them: phrase ids by first appearance in document order, each
   * document's phrases in {@link phrasesOf} order, each phrase's documents ascending with their
   * sources (as `sourceCode` numbers them). In two passes over typed arrays, without an object
   * per phrase occurrence (snapshots of 10^5 records took 1.7 s for this part). Used by binary
   * snapshots.
   * @internal
   */
  export(
    slots: readonly number[],
    sourceCode: Readonly<Record<KeywordSource, number>>,
  ): {
    phrases: string[]
    byPhrase: { offsets: Uint32Array; docs: Int32Array; sources: Uint8Array }
    byDoc: { offsets: Uint32Array; phraseIds: Int32Array }
  } {
    const ids = new Map<string, number>()
    const phrases: string[] = []
    const docMaps: Map<number, KeywordSource>[] = []
    const docOffsets = new Uint32Array(slots.length + 1)
    let total = 0
    for (let d = 0; d < slots.length; d++) total += this.phrasesByDoc.get(slots[d]!)?.length ?? 0
    const phraseIds = new Int32Array(total)
    let counts = new Uint32Array(1024)
    let k = 0
    for (let d = 0; d < slots.length; d++) {
      for (const phrase of this.phrasesByDoc.get(slots[d]!) ?? []) {
        let id = ids.get(phrase)
        if (id === undefined) {
          ids.set(phrase, (id = phrases.length))
          phrases.push(phrase)
          docMaps.push(this.docsByPhrase.get(phrase)!)
          counts = grow(counts, id + 1)
        }
        phraseIds[k++] = id
        counts[id]!++
      }
      docOffsets[d + 1] = k
    }
    const phraseOffsets = new Uint32Array(phrases.length + 1)
    for (let p = 0; p < phrases.length; p++) phraseOffsets[p + 1] = phraseOffsets[p]! + counts[p]!
    const cursor = phraseOffsets.slice(0, phrases.length)
    const docs = new Int32Array(total)
    const sources = new Uint8Array(total)
    for (let d = 0; d < slots.length; d++) {
      const slot = slots[d]!
      for (let j = docOffsets[d]!; j < docOffsets[d + 1]!; j++) {
        const id = phraseIds[j]!
        const at = cursor[id]!++
        docs[at] = d
        sources[at] = sourceCode[docMaps[id]!.get(slot)!]
      }
    }
    return { phrases, byPhrase: { offsets: phraseOffsets, docs, sources }, byDoc: { offsets: docOffsets, phraseIds } }
  }

  /** Detaches every phrase of a document. */
  remove(docIndex: number): void {
    for (const phrase of this.phrasesByDoc.get(docIndex) ?? []) {
      const docs = this.docsByPhrase.get(phrase)
      docs?.delete(docIndex)
      if (docs && docs.size === 0) {
        this.docsByPhrase.delete(phrase)
        if (this.phraseTable) this.docsById[this.phraseTable.idOf(phrase)] = undefined
      }
    }
    this.phrasesByDoc.delete(docIndex)
  }

  /** The phrases of a document with their sources. */
  phrasesOf(docIndex: number): { phrase: string; source: KeywordSource }[] {
    return (this.phrasesByDoc.get(docIndex) ?? []).map((phrase) => ({ phrase, source: this.docsByPhrase.get(phrase)!.get(docIndex)! }))
  }

  /** The phrases of a document, as {@link phrasesOf} orders them, without their sources (the index's own list: do not change it). */
  phraseList(docIndex: number): readonly string[] {
    return this.phrasesByDoc.get(docIndex) ?? NO_PHRASES
  }

  /** The number of documents carrying a phrase. */
  docFreq(phrase: string): number {
    return this.docsByPhrase.get(phrase)?.size ?? 0
  }

  /**
   * Finds every indexed phrase contained in a normalised text, each once, longest first at
   * each position. Cost: one prefix probe per position, then one in-place table probe per length some phrase under that prefix has.
   */
  findIn(text: string): KeywordHit[] {
    const table = this.phraseTableMade()
    const docsById = this.docsById
    const seen = new Set<number>()
    const hits: KeywordHit[] = []
    for (let start = 0; start + KEYWORD_MIN_LENGTH <= text.length; start++) {
      if (cutsAlnumRun(text, start)) continue
      const mask = this.lengths.at(text, start)
      if (mask === 0) continue
      const maxEnd = Math.min(text.length, start + KEYWORD_MAX_LENGTH)
      for (let end = maxEnd; end >= start + KEYWORD_MIN_LENGTH; end--) {
        if ((mask & (1 << (end - start))) === 0) continue
        if (cutsAlnumRun(text, end)) continue
        const id = table.idOf(text, start, end)
        const docs = id < 0 ? undefined : docsById[id]
        if (docs === undefined || seen.has(id)) continue
        seen.add(id)
        hits.push({ phrase: text.slice(start, end), docs })
      }
    }
    return hits
  }

  /** The phrase table, made from the phrases now held when first asked for. */
  private phraseTableMade(): TermTable {
    if (this.phraseTable) return this.phraseTable
    const table = new TermTable()
    for (const [phrase, docs] of this.docsByPhrase) this.docsById[table.intern(phrase)] = docs
    return (this.phraseTable = table)
  }

  /** All phrases, for snapshots. */
  entries(): { docIndex: number; phrase: string; source: KeywordSource }[] {
    const out: { docIndex: number; phrase: string; source: KeywordSource }[] = []
    for (const [phrase, docs] of this.docsByPhrase) for (const [docIndex, source] of docs) out.push({ docIndex, phrase, source })
    return out
  }
}
