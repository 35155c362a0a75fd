/**
 * `duijie match`: rank matches for every query record and write one row per match.
 */
import { Command } from 'commander'
import { invalidOption } from '../../errors.js'
import { QUERY_ID_COLUMN, directionKinds, toDirection } from '../../job/directions.js'
import { runMatchJob } from '../../job/match-job.js'
import { toOutputObject, type MatchRow } from '../../job/match-rows.js'
import { EXIT_OK, EXIT_REJECTS } from '../exit-codes.js'
import { addInputOptions, analyzerFrom, loadFromFlags, matcherOptionsFrom, matchOptionsFrom, writeRejects, type InputFlags } from '../inputs.js'
import { createProgress } from '../progress.js'
import { createWriterFor, outputFormat } from '../writers.js'

interface MatchFlags extends InputFlags {
  direction?: string
  top: string
  format?: string
  out?: string
  rejects?: string
  outEncoding?: string
}

/** Parses a positive integer flag. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) invalidOption(name, value, 'must be an integer ≥ 1')
  return n
}

export function matchCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('match')
    .description('rank achievements/experts for needs (or needs for achievements/experts) and write one row per match')
    .option('--direction <d>', 'demand-to-supply (企业找成果/专家), supply-to-demand (成果找企业), expert-to-demand (专家找需求)', 'demand-to-supply')
    .option('--top <n>', 'matches per query and kind', '10')
    .option('--format <f>', 'jsonl or csv (default: from --out, else jsonl)')
    .option('--out <file>', 'output file (default: JSON Lines on stdout)')
    .option('--rejects <file>', 'where rejected input records go (default: <out>.rejects.jsonl)')
    .option('--out-encoding <enc>', 'CSV output encoding: utf8 (with BOM) or gbk', 'utf8')
  addInputOptions(command)
  return command.action(async (flags: MatchFlags) => {
    const direction = toDirection(flags.direction)
    const topK = positiveInt('--top', flags.top)
    const format = outputFormat(flags.format, flags.out)
    if (flags.outEncoding !== 'utf8' && flags.outEncoding !== 'gbk' && flags.outEncoding !== 'gb18030') invalidOption('--out-encoding', flags.outEncoding, 'must be utf8, gbk or gb18030')
    const kinds = directionKinds(direction)
    const need = { need: flags.demand, achievement: flags.supply, expert: flags.experts }
    if (!need[kinds.query]) invalidOption(`--${kinds.query === 'need' ? 'demand' : kinds.query === 'achievement' ? 'supply' : 'experts'}`, undefined, `is required for --direction ${direction}`)
    if (!kinds.targets.some((k) => need[k])) invalidOption('--supply/--experts/--demand', undefined, `give at least one file to search for --direction ${direction}`)
    const matchOptions = matchOptionsFrom(flags)
    const analyzer = analyzerFrom(flags)
    const matcher = await matcherOptionsFrom(flags)
    const t0 = performance.now()
    const inputs = await loadFromFlags(flags)

    const idColumn = QUERY_ID_COLUMN[kinds.query]
    const columns = [idColumn, 'kind', 'id', 'rank', 'score', 'band', 'title', 'reasons']
    const writer = createWriterFor<Record<string, unknown>>(flags.out, format, { columns, encoding: flags.outEncoding as 'utf8' | 'gbk' })
    const progress = createProgress('matching', { quiet: flags.quiet })
    const toRow = (row: MatchRow) => {
      const object = toOutputObject(row, idColumn)
      return format === 'csv' ? { ...object, reasons: row.reasons.join('；') } : object
    }
    let summary
    try {
      summary = await runMatchJob(inputs, (row) => writer.write(toRow(row)), {
        direction,
        topK,
        analyzer,
        matcher,
        match: matchOptions,
        onProgress: (done, total) => progress.update(done, total),
      })
    } finally {
      progress.stop()
      await writer.close()
    }

    const rejectsPath = flags.rejects ?? `${flags.out && flags.out !== '-' ? flags.out : 'duijie'}.rejects.jsonl`
    const shown = inputs.rejects.length > 0 ? await writeRejects(rejectsPath, inputs.rejects) : []
    if (!flags.quiet) {
      const lines = [
        ...inputs.stats.map((s) => `read ${s.file}: ${s.records} records (${s.encoding ?? '?'}, ${s.format}), ${s.rejects} rejected`),
        `indexed ${summary.targets.map((t) => `${t.records} ${t.kind}s`).join(' + ') || 'nothing'} in ${(summary.indexMs / 1000).toFixed(1)} s`,
        `matched ${summary.queries} ${summary.queryKind}s → ${summary.rows} rows in ${(summary.matchMs / 1000).toFixed(1)} s${summary.unmatched ? ` (${summary.unmatched} without any match)` : ''}`,
        `wrote ${flags.out && flags.out !== '-' ? flags.out : 'stdout'} (${format})`,
        ...(inputs.rejects.length > 0 ? [`${inputs.rejects.length} rejected records → ${rejectsPath}`, ...shown.map((s) => `  ${s}`)] : []),
        `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      ]
      process.stderr.write(lines.join('\n') + '\n')
    }
    setExitCode(inputs.rejects.length > 0 ? EXIT_REJECTS : EXIT_OK)
  })
}
