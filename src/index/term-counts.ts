/**
 * How the index stores term counts: one unsigned 16-bit count per (entry, field), in forward
 * entries and postings alike (`Uint16Array`, `fieldCount` counts per entry).
 *
 * Counts are most of an index's bytes — each posting and each forward entry has `fieldCount`
 * of them — so their width sets the index's memory, its snapshot's size, and the time to
 * build, copy and load it: 2 bytes instead of a Float32's 4 took a 100k-record index from
 * 1.34 GB to 0.8 GB. A count stops at {@link MAX_TERM_COUNT}: only a term repeated more often
 * than that in one field of one record (megabytes of text) is affected, where BM25's term
 * frequency has long saturated.
 */

/** The largest count stored; counting stops there. */
export const MAX_TERM_COUNT = 0xffff
