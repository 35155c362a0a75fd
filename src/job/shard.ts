/**
 * Shards of a match job: `--shard i/n` matches query records i, i+n, i+2n, … (1-based i over
 * 0-based positions k: record k goes to shard (k mod n) + 1), and writes beside its output a
 * shard index from which `duijie merge` rebuilds the single-machine output byte for byte.
 *
 * Position, not a hash of the id: shards come out the same size, every position (rejected
 * records included) has exactly one shard, and the merge needs no id lookups, only the order.
 * The cost: every shard must read the same query file (each reads it whole, matching only its
 * part, which also keeps duplicate-id rejects the same in every shard).
 *
 * Shard index (`<out>.shard-index`, UTF-8, `\n` line ends):
 *   line 1   {"format":"duijie-shard-index","formatVersion":1,"shard":i,"shards":n,"key":…,"outputFormat":…,"headerBytes":h}
 *   then     one line per query record of the shard, in input order: the byte length of its rows
 *            in the shard's output (0 for a rejected record or one without matches)
 *   last     {"end":true,"items":m} once the shard is complete
 * The shard's output is a complete file of its own (CSV with BOM and header): its first h bytes
 * are the header every shard shares, then the rows, query by query.
 */
import { invalidOption } from '../errors.js'

/** One shard of a job: number `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number
  readonly count: number
}

export const SHARD_INDEX_FORMAT = 'duijie-shard-index'
export const SHARD_INDEX_VERSION = 1

/** The header line of a shard index. */
export interface ShardIndexHeader {
  readonly format: typeof SHARD_INDEX_FORMAT
  readonly formatVersion: typeof SHARD_INDEX_VERSION
  readonly shard: number
  readonly shards: number
  /** Shared by all shards of one job: options and input names and sizes (see `shardKeyOf`). */
  readonly key: string
  readonly outputFormat: string
  readonly headerBytes: number
}

/** The shard index path of a shard's output. */
export function shardIndexPath(out: string): string {
  return `${out}.shard-index`
}

/**
 * Parses `--shard i/n`.
 *
 * @throws MatchError `INVALID_OPTION` unless 1 ≤ i ≤ n.
 */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value)
  const index = match ? Number(match[1]) : NaN
  const count = match ? Number(match[2]) : NaN
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) invalidOption('--shard', value, 'must be i/n with 1 ≤ i ≤ n, e.g. 2/4')
  return { index, count }
}

/** Whether the query record at 0-based position `ordinal` belongs to `shard` (all do without one). */
export function inShard(ordinal: number, shard: Shard | undefined): boolean {
  return shard === undefined || ordinal % shard.count === shard.index - 1
}
