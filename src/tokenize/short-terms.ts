/**
 * Terms of one or two UTF-16 code units handed over as numbers: what the character channel's
 * grams are, and how an index build counts them (by their code units, with no string and no
 * offsets). The sink of {@link Analyzer.forEachShortTerm}.
 */

/** Receives an analyzer's terms in order: short ones by their code units, the others by offsets. */
export interface ShortTermSink {
  /** A term of one code unit. */
  unit(code: number): void
  /** A term of two code units c1 c2, given as `c1 << 16 | c2`. */
  pair(key: number): void
  /** Any term, as `normalized.slice(start, end)` (of any length: a term may come this way even when short). */
  term(normalized: string, start: number, end: number): void
}
