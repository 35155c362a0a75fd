/**
 * Snapshots: an index as plain JSON-serialisable data, and back, without re-analysing any
 * text. A loaded index ranks every query exactly as the saved one did.
 */
import { MatchError } from '../errors.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import type { AnyRecord, RecordKind } from '../types.js'
import { DocumentIndex } from './document-index.js'
import type { FieldWeights } from './fields.js'
import type { KeywordSource } from './keyword-index.js'
import type { InvertedIndex } from './inverted-index.js'

/** The snapshot format this version writes and reads. Bump on any incompatible change. */
export const SNAPSHOT_FORMAT_VERSION = 2

/** One record in a snapshot: the record and its analysed terms per field, as (termId, count) pairs. */
export interface SnapshotDoc<R extends AnyRecord = AnyRecord> {
  readonly record: R
  /** Per field: flat [termId, count, termId, count, …] into `terms`. */
  readonly fieldTerms: readonly (readonly number[])[]
  /** The same for the character n-gram index, into `charTerms`; absent when it is off. */
  readonly charFieldTerms?: readonly (readonly number[])[]
  readonly phrases: readonly (readonly [string, KeywordSource])[]
}

/** A saved index. */
export interface IndexSnapshot<R extends AnyRecord = AnyRecord> {
  readonly formatVersion: number
  readonly kind: RecordKind
  readonly fields: FieldWeights
  readonly extractedKeywords: number
  /** The analyzer's name when saved; loading with another analyzer is refused. */
  readonly analyzer: string
  readonly terms: readonly string[]
  /** Whether the index has a character n-gram channel, its analyzer's name, and its term table. */
  readonly charNgrams: boolean
  readonly charAnalyzer?: string
  readonly charTerms: readonly string[]
  readonly docs: readonly SnapshotDoc<R>[]
}

/** Encodes the forward entries of one document as per-field [termId, count, …] into a shared term table. */
function encodeDoc(inverted: InvertedIndex, docIndex: number, table: { ids: Map<number, number>; terms: string[] }): number[][] {
  const F = inverted.fieldCount
  const doc = inverted.docTerms(docIndex)!
  const fieldTerms: number[][] = Array.from({ length: F }, () => [])
  for (let i = 0; i < doc.termIds.length; i++) {
    const id = doc.termIds[i]!
    let local = table.ids.get(id)
    if (local === undefined) {
      local = table.terms.length
      table.ids.set(id, local)
      table.terms.push(inverted.term(id))
    }
    for (let f = 0; f < F; f++) {
      const count = doc.tfs[i * F + f]!
      if (count > 0) fieldTerms[f]!.push(local, count)
    }
  }
  return fieldTerms
}

/** Decodes per-field [termId, count, …] back into term lists. */
function decodeDoc(pairsByField: readonly (readonly number[])[], terms: readonly string[], id: string): string[][] {
  return pairsByField.map((pairs) => {
    const out: string[] = []
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const term = terms[pairs[i]!]
      if (term === undefined) throw new MatchError('DATA_FORMAT', `snapshot: record ${id}: term id ${pairs[i]} out of range`)
      for (let c = 0; c < pairs[i + 1]!; c++) out.push(term)
    }
    return out
  })
}

/**
 * Saves an index as plain data (live records only, in docIndex order).
 *
 * @param index The index.
 * @returns A snapshot; `JSON.stringify` it to store it.
 */
export function toSnapshot<R extends AnyRecord>(index: DocumentIndex<R>): IndexSnapshot<R> {
  const words = { ids: new Map<number, number>(), terms: [] as string[] }
  const chars = { ids: new Map<number, number>(), terms: [] as string[] }
  const docs: SnapshotDoc<R>[] = []
  for (let docIndex = 0; docIndex < index.terms.slotCount; docIndex++) {
    const record = index.recordAt(docIndex)
    if (!record || !index.terms.isLive(docIndex)) continue
    const phrases = index.keywords.phrasesOf(docIndex).map((p) => [p.phrase, p.source] as const)
    docs.push({
      record,
      fieldTerms: encodeDoc(index.terms, docIndex, words),
      ...(index.chars ? { charFieldTerms: encodeDoc(index.chars, docIndex, chars) } : {}),
      phrases,
    })
  }
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    kind: index.kind,
    fields: index.fields,
    extractedKeywords: index.extractedKeywords,
    analyzer: index.analyzer.name,
    terms: words.terms,
    charNgrams: index.chars !== undefined,
    ...(index.charAnalyzer ? { charAnalyzer: index.charAnalyzer.name } : {}),
    charTerms: chars.terms,
    docs,
  }
}

/**
 * Loads an index from a snapshot, without analysing any record text.
 *
 * @param snapshot The saved data (e.g. `JSON.parse` of a file).
 * @param analyzer The analyzer for queries; it must have the snapshot's analyzer name.
 * @param charAnalyzer The character-channel analyzer when the index was built with a custom one.
 * @throws MatchError SNAPSHOT_VERSION when the format version differs; INVALID_OPTION when the analyzer differs; DATA_FORMAT when the data is malformed.
 */
export function fromSnapshot<R extends AnyRecord>(snapshot: IndexSnapshot<R>, analyzer: Analyzer, charAnalyzer?: Analyzer): DocumentIndex<R> {
  if (snapshot?.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    throw new MatchError('SNAPSHOT_VERSION', `snapshot formatVersion ${JSON.stringify(snapshot?.formatVersion)} is not supported, expected ${SNAPSHOT_FORMAT_VERSION}`)
  }
  if (analyzer.name !== snapshot.analyzer) {
    throw new MatchError('INVALID_OPTION', `invalid analyzer: ${JSON.stringify(analyzer.name)}, the snapshot was made with ${JSON.stringify(snapshot.analyzer)}`)
  }
  const index = new DocumentIndex<R>({
    kind: snapshot.kind,
    fields: snapshot.fields,
    analyzer,
    extractedKeywords: snapshot.extractedKeywords,
    charNgrams: snapshot.charNgrams,
    ...(charAnalyzer ? { charAnalyzer } : {}),
  })
  if (index.charAnalyzer && snapshot.charAnalyzer !== undefined && index.charAnalyzer.name !== snapshot.charAnalyzer) {
    throw new MatchError('INVALID_OPTION', `invalid charAnalyzer: ${JSON.stringify(index.charAnalyzer.name)}, the snapshot was made with ${JSON.stringify(snapshot.charAnalyzer)}`)
  }
  for (const doc of snapshot.docs) {
    const id = doc.record.id
    index.restore(
      doc.record,
      decodeDoc(doc.fieldTerms, snapshot.terms, id),
      doc.phrases.map(([phrase, source]) => ({ phrase, source })),
      doc.charFieldTerms ? decodeDoc(doc.charFieldTerms, snapshot.charTerms, id) : undefined,
    )
  }
  return index
}
