/**
 * Merging the outputs of a sharded match job into the output a single machine would write:
 * the shared header, then each query's rows in query input order, taken round-robin from the
 * shards as their shard indexes say (see shard.ts for the format).
 *
 * Not a general file concatenation: it refuses shards of different jobs, missing or repeated
 * shards, unfinished ones (a checkpoint beside the output, or no end line) and outputs whose
 * length differs from what their index accounts for.
 */
import { createReadStream } from 'node:fs'
import { access, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { MatchError } from '../errors.js'
import { checkpointPath } from './checkpoint.js'
import { openOutputFile, type OutputFile } from './output-file.js'
import { shardIndexPath, SHARD_INDEX_FORMAT, SHARD_INDEX_VERSION, type ShardIndexHeader } from './shard.js'

/** What a merge did. */
export interface MergeSummary {
  readonly shards: number
  /** Query records (positions) over all shards. */
  readonly items: number
  /** Bytes written. */
  readonly bytes: number
}

interface OpenShard {
  readonly path: string
  readonly header: ShardIndexHeader
  readonly lines: AsyncIterator<string>
  readonly file: FileHandle
  readonly size: number
  /** Next byte of the output to copy. */
  cursor: number
  items: number
}

const fail = (message: string): never => {
  throw new MatchError('DATA_FORMAT', message)
}

async function openShard(path: string): Promise<OpenShard> {
  const pending = await access(checkpointPath(path)).then(
    () => true,
    () => false,
  )
  if (pending) fail(`${path}: not finished (${checkpointPath(path)} is present); run its command again to complete it`)
  const indexPath = shardIndexPath(path)
  try {
    await access(indexPath)
  } catch {
    fail(`${path}: no shard index ${indexPath}; was it written with --shard i/n?`)
  }
  const lines = createInterface({ input: createReadStream(indexPath), crlfDelay: Infinity })[Symbol.asyncIterator]()
  const first = await lines.next()
  let header: Partial<ShardIndexHeader> = {}
  try {
    header = first.done ? {} : (JSON.parse(first.value) as Partial<ShardIndexHeader>)
  } catch {
    fail(`${indexPath}:1: not a shard index header`)
  }
  if (header.format !== SHARD_INDEX_FORMAT || header.formatVersion !== SHARD_INDEX_VERSION) fail(`${indexPath}:1: not a ${SHARD_INDEX_FORMAT} of format version ${SHARD_INDEX_VERSION}`)
  const file = await open(path, 'r')
  const size = (await file.stat()).size
  return { path, header: header as ShardIndexHeader, lines, file, size, cursor: header.headerBytes!, items: 0 }
}

/** The next entry of a shard's index: a byte length, or `end` with the count the shard wrote. */
async function nextEntry(shard: OpenShard): Promise<number | { end: number }> {
  const next = await shard.lines.next()
  const where = `${shardIndexPath(shard.path)}:${shard.items + 2}`
  if (next.done) return fail(`${where}: the index ends without its end line; the shard did not finish`)
  if (/^\d+$/.test(next.value)) return Number(next.value)
  let end: { end?: unknown; items?: unknown } = {}
  try {
    end = JSON.parse(next.value) as typeof end
  } catch {
    fail(`${where}: not a byte length: ${JSON.stringify(next.value.slice(0, 40))}`)
  }
  if (end.end !== true || end.items !== shard.items) fail(`${where}: bad end line ${next.value} after ${shard.items} entries`)
  return { end: shard.items }
}

/**
 * Merges shard outputs into `out`, byte-identical to the unsharded job's output.
 *
 * @param out The merged output, written through a temp file and renamed when complete.
 * @param shardOutputs The outputs of shards 1…n of one job, in any order; each with its
 * `<output>.shard-index` beside it.
 * @returns The number of shards, query positions and bytes.
 * @throws MatchError `DATA_FORMAT` naming the shard when the set is incomplete, mixed or unfinished.
 */
export async function mergeShards(out: string, shardOutputs: readonly string[]): Promise<MergeSummary> {
  if (shardOutputs.length === 0) throw new MatchError('INVALID_OPTION', 'merge needs the output of every shard')
  const shards: OpenShard[] = []
  const temp = `${out}.merge-tmp`
  let target: OutputFile | undefined
  try {
    for (const path of shardOutputs) shards.push(await openShard(path))
    const n = shards[0]!.header.shards
    const byNumber = Array.from<OpenShard | undefined>({ length: n })
    for (const shard of shards) {
      const { header } = shard
      if (header.shards !== n || shard.header.key !== shards[0]!.header.key || header.outputFormat !== shards[0]!.header.outputFormat || header.headerBytes !== shards[0]!.header.headerBytes) {
        fail(`${shard.path}: shard ${header.shard}/${header.shards} of a different job than ${shards[0]!.path} (inputs, options or format differ)`)
      }
      if (byNumber[header.shard - 1]) fail(`${shard.path}: shard ${header.shard}/${n} given twice (also ${byNumber[header.shard - 1]!.path})`)
      byNumber[header.shard - 1] = shard
    }
    const missing = byNumber.flatMap((shard, i) => (shard ? [] : [`${i + 1}/${n}`]))
    if (missing.length > 0) fail(`missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
    const ordered = byNumber as OpenShard[]

    const headerBytes = ordered[0]!.header.headerBytes
    const header = Buffer.alloc(headerBytes)
    for (const shard of ordered) {
      const bytes = Buffer.alloc(headerBytes)
      await shard.file.read(bytes, 0, headerBytes, 0)
      if (shard === ordered[0]) bytes.copy(header)
      else if (!bytes.equals(header)) fail(`${shard.path}: its header differs from ${ordered[0]!.path}'s`)
    }

    target = await openOutputFile(temp)
    await target.append(header)
    let pending: Buffer[] = []
    let pendingBytes = 0
    const flush = async () => {
      await target!.append(Buffer.concat(pending))
      pending = []
      pendingBytes = 0
    }
    let items = 0
    for (;;) {
      const shard = ordered[items % n]!
      const entry = await nextEntry(shard)
      if (typeof entry !== 'number') {
        // Positions go round-robin, so every other shard must be complete at this point too.
        for (const other of ordered) if (other !== shard && typeof (await nextEntry(other)) === 'number') fail(`${other.path}: has more entries than position ${items} allows`)
        break
      }
      if (shard.cursor + entry > shard.size) fail(`${shard.path}: shorter than its index says (${shard.size} bytes)`)
      if (entry > 0) {
        const bytes = Buffer.alloc(entry)
        await shard.file.read(bytes, 0, entry, shard.cursor)
        pending.push(bytes)
        pendingBytes += entry
        if (pendingBytes >= 1 << 20) await flush()
      }
      shard.cursor += entry
      shard.items++
      items++
    }
    for (const shard of ordered) if (shard.cursor !== shard.size) fail(`${shard.path}: ${shard.size - shard.cursor} bytes after the rows its index accounts for`)
    await flush()
    await target.sync()
    const bytes = target.length
    await target.close()
    target = undefined
    await rename(temp, out)
    return { shards: n, items, bytes }
  } catch (error) {
    await target?.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw error
  } finally {
    await Promise.all(shards.map((shard) => shard.file.close()))
  }
}
