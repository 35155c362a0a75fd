/**
 * A match job over files that an analyst can trust: the query file is read as a stream, in
 * chunks, so memory does not grow with the number of queries (the targets are indexed whole);
 * a checkpoint after every chunk lets a killed job resume where it stopped, with a final output
 * byte-identical to an uninterrupted run; `shard` splits the queries over machines; targets
 * whose options allow it are matched in worker threads, with the same rows.
 *
 * Order of work per chunk: match, append the rows (and rejects, and shard index lines), fsync
 * each file, then replace the checkpoint. A crash between two checkpoints leaves extra bytes
 * after the recorded lengths; a resume cuts them and matches those records again.
 *
 * Not the in-memory job (match-job.ts), which takes loaded records and hands rows to a callback.
 */
import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { MatchError } from '../errors.js'
import type { CsvEncoding } from '../io/write-csv.js'
import type { ReadStats } from '../io/read-records.js'
import { readRecordStream } from '../io/read-records.js'
import type { Reject } from '../io/reject.js'
import { createMatcherPool, matcherOptionsData, type MatcherPool } from '../match/parallel-match.js'
import type { MatchOptions, MatchResult } from '../match/matcher.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { AnyRecord, RecordKind } from '../types.js'
import { autoWorkerCount, canUseWorkers } from '../worker-threads.js'
import {
  checkpointPath,
  commandDifferences,
  fingerprintOf,
  readCheckpoint,
  removeCheckpoint,
  shardKeyOf,
  writeCheckpoint,
  type Checkpoint,
  type CommandDescription,
  type JobCounts,
} from './checkpoint.js'
import { directionKinds, toDirection, type Direction } from './directions.js'
import { loadInputs, type InputFiles, type LoadOptions } from './load.js'
import { toRows, type MatchRow, type Target } from './match-rows.js'
import { openOutputFile, type OutputFile } from './output-file.js'
import { createRowFormat, type RowFormatName } from './row-format.js'
import { inShard, shardIndexPath, SHARD_INDEX_FORMAT, SHARD_INDEX_VERSION, type Shard, type ShardIndexHeader } from './shard.js'
import { buildTargets, type TargetOptions } from './targets.js'

/** Query records per chunk: matched, written and checkpointed together. */
export const DEFAULT_CHUNK_SIZE = 256

/**
 * Under this many lines in the query file, `workers: 'auto'` matches in this thread: starting a
 * thread loads jieba's dictionary and the index snapshot (about a second each on 2 cores),
 * more than a few hundred queries take.
 */
export const AUTO_WORKERS_MIN_LINES = 512

/** Options of {@link runStreamedMatchJob}. */
export interface StreamedMatchJobOptions {
  readonly files: InputFiles
  readonly load?: LoadOptions
  /** Default `demand-to-supply`. */
  readonly direction?: Direction
  /** Results per query and target kind. Default 10. */
  readonly topK?: number
  readonly analyzer?: Analyzer
  readonly matcher?: TargetOptions
  readonly match?: Omit<MatchOptions, 'topK' | 'queryKind' | 'explain'>
  /** The output file; undefined writes JSON Lines to stdout, without checkpoints or shards. */
  readonly out?: string
  /** Default `jsonl`. */
  readonly format?: RowFormatName
  /** CSV encoding. Default `utf8` (with BOM). */
  readonly encoding?: CsvEncoding
  /** The grouped view: one row per query and matched kind with its top matches side by side. */
  readonly grouped?: boolean
  /** Where rejected records go (JSON Lines); created only when there is one. */
  readonly rejects: string
  /** Matching threads: a count (0: this thread) or `auto`. Rows are the same either way. Default `auto`. */
  readonly workers?: number | 'auto'
  /** Query records per chunk. Default {@link DEFAULT_CHUNK_SIZE}. */
  readonly chunkSize?: number
  /** Match only this shard's query records, and write a shard index. */
  readonly shard?: Shard
  /**
   * The command, for the checkpoint's fingerprint: options that decide the output, as plain
   * data, and the input files by role (all of them: config, mapping, dictionaries too).
   */
  readonly command: CommandDescription
  /** Start over even when a checkpoint of another command is present. */
  readonly restart?: boolean
  /** Called after each chunk with the line reached in the query file and its line count. */
  readonly onProgress?: (line: number, lines: number) => void
  /** What os.freemem says (@internal: tests). */
  readonly freeMemory?: () => number
}

/** What a streamed job did. */
export interface StreamedMatchJobSummary extends JobCounts {
  readonly direction: Direction
  readonly queryKind: RecordKind
  readonly targets: readonly { readonly kind: RecordKind; readonly records: number }[]
  /** Read stats of every input, the query file's last. */
  readonly stats: readonly ReadStats[]
  /** Rejected records of the target files (written first to the rejects file). */
  readonly targetRejects: number
  /** Query records that were already done by an interrupted run (0 for a fresh start). */
  readonly resumedAt: number
  /** Matching threads used (0: this thread). */
  readonly workers: number
  readonly indexMs: number
  readonly matchMs: number
}

/** The option keys that differ between the shards of one job: left out of the key they share. */
export const SHARD_OPTION_KEYS = ['shard', 'rejects']

/** The query file of a direction's query kind. */
function queryFile(files: InputFiles, kind: RecordKind): string | undefined {
  return kind === 'need' ? files.demand : kind === 'achievement' ? files.supply : files.experts
}

/** Lines in a file: `\n` bytes, plus one for an unterminated last line. */
async function countLines(path: string): Promise<number> {
  let lines = 0
  let last = 0x0a
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++
    if (chunk.length > 0) last = chunk[chunk.length - 1]!
  }
  return last === 0x0a ? lines : lines + 1
}

const jsonLine = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8')

/** Bytes to stdout, with backpressure. */
function stdoutFile(): OutputFile {
  let length = 0
  return {
    path: '-',
    get length() {
      return length
    },
    async append(bytes) {
      length += bytes.byteLength
      if (!process.stdout.write(bytes)) await new Promise((resolve) => process.stdout.once('drain', resolve))
    },
    sync: async () => {},
    close: async () => {},
  }
}

/**
 * Runs a match job from files to a file, resumably.
 *
 * With `out` set and `<out>.checkpoint.json` present: when it was left by the same command
 * (see {@link StreamedMatchJobOptions.command}), the output, rejects and shard index are cut to
 * the recorded lengths and the job goes on after the consumed records; otherwise it throws,
 * unless `restart`. The checkpoint is removed when the job completes.
 *
 * @param options Files, matching options, output, threads, shard and the command's description.
 * @returns The counts (over the whole job, resumed parts included), the read stats and timings.
 * @throws MatchError `INVALID_OPTION` for a checkpoint of another command; `IO` for files that
 * cannot be read or written, or an output shorter than its checkpoint says.
 */
export async function runStreamedMatchJob(options: StreamedMatchJobOptions): Promise<StreamedMatchJobSummary> {
  const direction = toDirection(options.direction)
  const kinds = directionKinds(direction)
  const queryPath = queryFile(options.files, kinds.query)
  if (queryPath === undefined) throw new MatchError('INVALID_OPTION', `a ${kinds.query} file is required for ${direction}`)
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new MatchError('INVALID_OPTION', `invalid chunkSize: ${chunkSize}, must be an integer ≥ 1`)
  const out = options.out === '-' ? undefined : options.out
  if (out === undefined && options.shard) throw new MatchError('INVALID_OPTION', 'a shard needs an output file (--out)')
  const format: RowFormatName = out === undefined ? 'jsonl' : (options.format ?? 'jsonl')
  const fingerprint = fingerprintOf(options.command)

  // 1. The checkpoint: resume, refuse, or start over.
  const checkpointFile = out === undefined ? undefined : checkpointPath(out)
  let resumed = checkpointFile === undefined ? undefined : await readCheckpoint(checkpointFile)
  if (resumed !== undefined && resumed.fingerprint !== fingerprint) {
    if (!options.restart) {
      const differences = commandDifferences(resumed.command, options.command)
      throw new MatchError(
        'INVALID_OPTION',
        `${checkpointFile} was left by a different command (${differences.join('; ') || 'options differ'}): run the same command to resume it, or add --restart to start over`,
      )
    }
    resumed = undefined
  }
  // Starting over: the old checkpoint goes before any file is emptied, so that a crash now
  // cannot pair it with new, shorter files.
  if (resumed === undefined && checkpointFile !== undefined) await removeCheckpoint(checkpointFile)

  // 2. The targets, whole.
  const analyzer = options.analyzer ?? createAnalyzer()
  const started = performance.now()
  const targetFiles: InputFiles = { ...options.files, [kinds.query === 'need' ? 'demand' : kinds.query === 'achievement' ? 'supply' : 'experts']: undefined }
  const inputs = await loadInputs(targetFiles, options.load)
  const { queryKind, targets } = buildTargets(inputs, direction, analyzer, options.matcher)
  const lines = await countLines(queryPath)
  const wanted = options.workers ?? 'auto'
  const workers = !canUseWorkers() ? 0 : wanted === 'auto' ? (lines < AUTO_WORKERS_MIN_LINES ? 0 : autoWorkerCount()) : wanted
  const pools = new Map<Target, MatcherPool>()
  const indexed = performance.now()

  const rowFormat = createRowFormat(format, queryKind, options.encoding, options.grouped ? { topK: options.topK ?? 10 } : undefined)
  let output: OutputFile | undefined
  let rejectsFile: OutputFile | undefined
  let shardIndex: OutputFile | undefined
  let counts: JobCounts = resumed?.counts ?? { queries: 0, rows: 0, unmatched: 0, rejects: 0 }
  const closeAll = async () => {
    await Promise.all([...pools.values()].map((pool) => pool.close()))
    await Promise.all([output, rejectsFile, shardIndex].map((file) => file?.close()))
  }
  try {
    // 3. The files: cut back to the checkpoint, or created with their headers.
    if (resumed !== undefined) {
      output = await openOutputFile(out!, resumed.outputBytes)
      if (resumed.rejectsBytes > 0) rejectsFile = await openOutputFile(options.rejects, resumed.rejectsBytes)
      else await rm(options.rejects, { force: true })
      if (options.shard) {
        if (resumed.shardIndexBytes === undefined) throw new MatchError('IO', `${checkpointFile}: no shard index length; add --restart to start over`)
        shardIndex = await openOutputFile(shardIndexPath(out!), resumed.shardIndexBytes)
      }
    } else {
      output = out === undefined ? stdoutFile() : await openOutputFile(out)
      await output.append(rowFormat.header)
      await rm(options.rejects, { force: true })
      if (inputs.rejects.length > 0) {
        rejectsFile = await openOutputFile(options.rejects)
        await rejectsFile.append(Buffer.concat(inputs.rejects.map(jsonLine)))
      }
      if (options.shard) {
        shardIndex = await openOutputFile(shardIndexPath(out!))
        const header: ShardIndexHeader = {
          format: SHARD_INDEX_FORMAT,
          formatVersion: SHARD_INDEX_VERSION,
          shard: options.shard.index,
          shards: options.shard.count,
          key: shardKeyOf(options.command, SHARD_OPTION_KEYS),
          outputFormat: `${format}${format === 'csv' ? `/${options.encoding ?? 'utf8'}` : ''}${options.grouped ? '/grouped' : ''}`,
          headerBytes: rowFormat.header.byteLength,
        }
        await shardIndex.append(jsonLine(header))
      } else if (out !== undefined) {
        // An index left by an earlier sharded run to this path no longer describes the output.
        await rm(shardIndexPath(out), { force: true })
      }
    }
    for (const target of targets) {
      if (workers > 0 && target.options !== undefined && matcherOptionsData(target.matcher.index, target.options) !== undefined) {
        try {
          pools.set(target, createMatcherPool(target.matcher.index, target.options, workers, options.freeMemory ? { freeMemory: options.freeMemory } : {}))
        } catch (error) {
          // Too large an index for threads in the memory there is: this thread matches it (the
          // rows are the same; the summary reports the threads used).
          if (!(error instanceof MatchError && error.code === 'OUT_OF_MEMORY')) throw error
        }
      }
    }

    const checkpoint = async (consumed: number) => {
      if (checkpointFile === undefined) return
      await Promise.all([output, rejectsFile, shardIndex].map((file) => file?.sync()))
      const next: Checkpoint = {
        format: 'duijie-checkpoint',
        formatVersion: 1,
        fingerprint,
        command: options.command,
        consumed,
        outputBytes: output!.length,
        rejectsBytes: rejectsFile?.length ?? 0,
        ...(shardIndex ? { shardIndexBytes: shardIndex.length } : {}),
        counts,
      }
      await writeCheckpoint(checkpointFile, next)
    }
    if (resumed === undefined) await checkpoint(0)

    // 4. The queries, chunk by chunk.
    const matchOptions: MatchOptions = { ...options.match, topK: options.topK ?? 10, queryKind }
    type Item = { readonly ordinal: number; readonly record?: AnyRecord; readonly reject?: Reject }
    const processChunk = async (items: readonly Item[], consumed: number, line: number) => {
      const queries = items.flatMap((item) => (item.record ? [item.record] : []))
      // Pooled targets first: their threads work while this thread matches the others.
      const pending = targets.map((target) => pools.get(target)?.matchAll(queries, matchOptions))
      const results: MatchResult[][][] = []
      for (let t = 0; t < targets.length; t++) results.push(pending[t] ? [] : queries.map((query) => targets[t]!.matcher.match(query, matchOptions)))
      for (let t = 0; t < targets.length; t++) if (pending[t]) results[t] = await pending[t]!
      const bytes: Uint8Array[] = []
      const rejectLines: Uint8Array[] = []
      const indexLines: string[] = []
      let q = 0
      let { queries: done, rows, unmatched, rejects } = counts
      for (const item of items) {
        if (item.reject) {
          rejectLines.push(jsonLine(item.reject))
          indexLines.push('0\n')
          rejects++
          continue
        }
        const queryRows: MatchRow[] = targets.flatMap((target, t) => toRows(item.record!, queryKind, target, results[t]![q]!))
        q++
        const encoded = rowFormat.encode(queryRows)
        bytes.push(encoded)
        indexLines.push(`${encoded.byteLength}\n`)
        done++
        rows += queryRows.length
        if (queryRows.length === 0) unmatched++
      }
      await output!.append(Buffer.concat(bytes))
      if (rejectLines.length > 0) {
        rejectsFile ??= await openOutputFile(options.rejects)
        await rejectsFile.append(Buffer.concat(rejectLines))
      }
      if (shardIndex && indexLines.length > 0) await shardIndex.append(Buffer.from(indexLines.join(''), 'utf8'))
      counts = { queries: done, rows, unmatched, rejects }
      await checkpoint(consumed)
      options.onProgress?.(line, lines)
    }

    const skip = resumed?.consumed ?? 0
    const stream = readRecordStream(queryPath, kinds.query, { encoding: options.load?.encoding, headers: options.load?.headers })
    let ordinal = 0
    let chunk: Item[] = []
    let line = 0
    for await (const item of stream) {
      const position = ordinal++
      line = item.reject ? item.reject.line : item.line
      // Records before the checkpoint are read again (the reader's duplicate-id check needs
      // them), not matched again.
      if (position < skip) continue
      if (!inShard(position, options.shard)) continue
      chunk.push(item.reject ? { ordinal: position, reject: item.reject } : { ordinal: position, record: item.record })
      if (chunk.length >= chunkSize) {
        await processChunk(chunk, ordinal, line)
        chunk = []
      }
    }
    if (ordinal < skip) throw new MatchError('IO', `cannot resume: ${queryPath} has ${ordinal} records, the checkpoint consumed ${skip}; add --restart to start over`)
    if (chunk.length > 0) await processChunk(chunk, ordinal, line)
    if (shardIndex) {
      await shardIndex.append(jsonLine({ end: true, items: shardItems(ordinal, options.shard!) }))
      await shardIndex.sync()
    }
    await output.sync()
    await closeAll()
    if (checkpointFile !== undefined) await removeCheckpoint(checkpointFile)
    return {
      direction,
      queryKind,
      ...counts,
      targets: targets.map((t) => ({ kind: t.kind, records: t.matcher.index.size })),
      stats: [...inputs.stats, stream.stats],
      targetRejects: inputs.rejects.length,
      resumedAt: skip,
      workers: pools.size > 0 ? workers : 0,
      indexMs: indexed - started,
      matchMs: performance.now() - indexed,
    }
  } catch (error) {
    await closeAll().catch(() => undefined)
    throw error
  }
}

/** How many of `total` positions fall in a shard. */
export function shardItems(total: number, shard: Shard): number {
  return total >= shard.index ? Math.floor((total - shard.index) / shard.count) + 1 : 0
}
