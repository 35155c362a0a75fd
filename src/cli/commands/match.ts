/**
 * `duijie match`: rank matches for every query record and write one row per match. The query
 * file is streamed in chunks with a checkpoint after each (resume by running the same command
 * again), `--shard i/n` takes a slice of the queries, `--workers` matches in threads.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { invalidOption } from '../../errors.js'
import { formatReject, type Reject } from '../../io/reject.js'
import { describeCommand } from '../../job/checkpoint.js'
import { directionKinds, toDirection } from '../../job/directions.js'
import { parseShard } from '../../job/shard.js'
import { DEFAULT_CHUNK_SIZE, runStreamedMatchJob } from '../../job/streamed-match-job.js'
import { EXIT_OK, EXIT_REJECTS } from '../exit-codes.js'
import { addInputOptions, analyzerFrom, loadOptionsFrom, matcherOptionsFrom, matchOptionsFrom, type InputFlags } from '../inputs.js'
import { createProgress } from '../progress.js'
import { outputFormat } from '../writers.js'

interface MatchFlags extends InputFlags {
  direction?: string
  top: string
  format?: string
  out?: string
  rejects?: string
  outEncoding?: string
  workers: string
  shard?: string
  restart?: boolean
  chunk: string
  grouped?: boolean
}

/** Parses a positive integer flag. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) invalidOption(name, value, 'must be an integer ≥ 1')
  return n
}

/** Parses `--workers`: `auto` or an integer ≥ 0. */
export function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto'
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) invalidOption('--workers', value, 'must be auto or an integer ≥ 0')
  return n
}

/** Flags that change neither the rows nor where they go: left out of the checkpoint's fingerprint. */
const NOT_IN_FINGERPRINT = new Set(['quiet', 'debug', 'restart', 'workers', 'chunk', 'out'])
/** Flags naming input files: in the fingerprint with their size and mtime. */
const FILE_FLAGS = ['demand', 'supply', 'experts', 'mapping', 'userDict', 'thesaurus', 'config'] as const

/** The first `show` rejects of a rejects file, as lines. */
async function firstRejects(path: string, show = 5): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text
    .split('\n')
    .slice(0, show)
    .filter(Boolean)
    .map((line) => formatReject(JSON.parse(line) as Reject))
}

export function matchCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('match')
    .description('rank achievements/experts for needs (or needs for achievements/experts) and write one row per match')
    .option('--direction <d>', 'demand-to-supply (企业找成果/专家), supply-to-demand (成果找企业), expert-to-demand (专家找需求)', 'demand-to-supply')
    .option('--top <n>', 'matches per query and kind', '10')
    .option('--format <f>', 'jsonl or csv (default: from --out, else jsonl)')
    .option('--out <file>', 'output file (default: JSON Lines on stdout, not resumable)')
    .option('--rejects <file>', 'where rejected input records go (default: <out>.rejects.jsonl)')
    .option('--out-encoding <enc>', 'CSV output encoding: utf8 (with BOM) or gbk', 'utf8')
    .option('--grouped', 'one row per need (query) and matched kind, its top matches and reasons side by side (top1_id, top1_title, top1_score, top1_band, top1_reasons, top2_…)')
    .option('--workers <n>', 'matching threads: auto (one per core, in this thread for small query files) or a count; 0 = this thread', 'auto')
    .option('--shard <i/n>', 'match only query records i, i+n, i+2n, … (1-based) and write <out>.shard-index for duijie merge')
    .option('--restart', 'start over, discarding a checkpoint (<out>.checkpoint.json) left by another command')
    .option('--chunk <n>', 'query records per chunk: matched, written and checkpointed together', String(DEFAULT_CHUNK_SIZE))
  addInputOptions(command)
  return command.action(async (flags: MatchFlags) => {
    const direction = toDirection(flags.direction)
    const topK = positiveInt('--top', flags.top)
    const chunkSize = positiveInt('--chunk', flags.chunk)
    const workers = parseWorkers(flags.workers)
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
    const out = flags.out === '-' ? undefined : flags.out
    if (shard && out === undefined) invalidOption('--shard', flags.shard, 'needs --out: each shard writes a file and its shard index')
    const format = outputFormat(flags.format, out)
    if (flags.outEncoding !== 'utf8' && flags.outEncoding !== 'gbk' && flags.outEncoding !== 'gb18030') invalidOption('--out-encoding', flags.outEncoding, 'must be utf8, gbk or gb18030')
    const kinds = directionKinds(direction)
    const need = { need: flags.demand, achievement: flags.supply, expert: flags.experts }
    if (!need[kinds.query]) invalidOption(`--${kinds.query === 'need' ? 'demand' : kinds.query === 'achievement' ? 'supply' : 'experts'}`, undefined, `is required for --direction ${direction}`)
    if (!kinds.targets.some((k) => need[k])) invalidOption('--supply/--experts/--demand', undefined, `give at least one file to search for --direction ${direction}`)
    const matchOptions = matchOptionsFrom(flags)
    const analyzer = analyzerFrom(flags)
    const matcher = await matcherOptionsFrom(flags)
    const load = await loadOptionsFrom(flags)
    const rejectsPath = flags.rejects ?? `${out ?? 'duijie'}.rejects.jsonl`
    const t0 = performance.now()

    // Keyed by flag (`--top`), so that a refusal to resume names the flags that differ.
    const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    const options = Object.entries(flags).filter(([key]) => !NOT_IN_FINGERPRINT.has(key) && !(FILE_FLAGS as readonly string[]).includes(key))
    const commandDescription = await describeCommand(
      {
        ...Object.fromEntries(options.map(([key, value]) => [flag(key), value])),
        '--rejects': resolve(rejectsPath),
        '--format': format,
        ...(shard ? { '--shard': `${shard.index}/${shard.count}` } : {}),
      },
      Object.fromEntries(FILE_FLAGS.map((key) => [flag(key), flags[key]])),
    )
    const progress = createProgress('matching (lines read)', { quiet: flags.quiet })
    let summary
    try {
      summary = await runStreamedMatchJob({
        files: { demand: flags.demand, supply: flags.supply, experts: flags.experts },
        load,
        direction,
        topK,
        analyzer,
        matcher,
        match: matchOptions,
        out,
        format,
        encoding: flags.outEncoding,
        grouped: flags.grouped === true,
        rejects: rejectsPath,
        workers,
        chunkSize,
        shard,
        command: commandDescription,
        restart: flags.restart,
        onProgress: (line, lines) => progress.update(line, lines),
      })
    } finally {
      progress.stop()
    }

    const rejects = summary.targetRejects + summary.rejects
    if (!flags.quiet) {
      const shown = rejects > 0 ? await firstRejects(rejectsPath) : []
      const lines = [
        ...(summary.resumedAt > 0 ? [`resumed after ${summary.resumedAt} query records (checkpoint ${out}.checkpoint.json)`] : []),
        ...summary.stats.map((s) => `read ${s.file}: ${s.records} records (${s.encoding ?? '?'}, ${s.format}), ${s.rejects} rejected`),
        `indexed ${summary.targets.map((t) => `${t.records} ${t.kind}s`).join(' + ') || 'nothing'} in ${(summary.indexMs / 1000).toFixed(1)} s`,
        `matched ${summary.queries} ${summary.queryKind}s${shard ? ` (shard ${shard.index}/${shard.count})` : ''} → ${summary.rows} rows in ${(summary.matchMs / 1000).toFixed(1)} s` +
          `${summary.workers > 0 ? ` on ${summary.workers} threads` : ''}${summary.unmatched ? ` (${summary.unmatched} without any match)` : ''}`,
        `wrote ${out ?? 'stdout'} (${format})`,
        ...(rejects > 0 ? [`${rejects} rejected records → ${rejectsPath}`, ...shown.map((s) => `  ${s}`)] : []),
        `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      ]
      process.stderr.write(lines.join('\n') + '\n')
    }
    setExitCode(rejects > 0 ? EXIT_REJECTS : EXIT_OK)
  })
}
