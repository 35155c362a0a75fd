/**
 * `duijie eval`: match every need and report nDCG@10, Recall@20, MRR@10 and P@1 against graded
 * qrels, for achievements and for experts.
 */
import { Command } from 'commander'
import { invalidOption } from '../../errors.js'
import { formatEvaluation } from '../../eval/evaluate.js'
import { readQrels } from '../../io/qrels.js'
import { runEvalJob, type EvalJobResult } from '../../job/eval-job.js'
import { EXIT_OK, EXIT_REJECTS } from '../exit-codes.js'
import { addInputOptions, analyzerFrom, loadFromFlags, matcherOptionsFrom, matchOptionsFrom, type InputFlags } from '../inputs.js'

interface EvalFlags extends InputFlags {
  qrels?: string
  perNeed?: boolean
  json?: boolean
}

const KIND_LABEL = { achievement: 'achievements (成果)', expert: 'experts (专家)', need: 'needs' } as const

/** Renders an evaluation of both kinds as text. */
export function formatEvalJob(result: EvalJobResult, perNeed = false): string {
  const parts: string[] = []
  for (const kind of ['achievement', 'expert'] as const) {
    const r = result[kind]
    if (!r) continue
    parts.push(`${KIND_LABEL[kind]}:`)
    parts.push(formatEvaluation(r, { perNeed }))
  }
  return parts.join('\n')
}

export function evalCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('eval')
    .description('evaluate matching against graded relevance judgments (qrels.tsv): nDCG@10, Recall@20, MRR@10, P@1')
    .option('--qrels <file>', 'qrels: needId<TAB>targetId<TAB>grade (0-3)')
    .option('--per-need', 'one line per need')
    .option('--json', 'print JSON instead of tables')
  addInputOptions(command)
  return command.action(async (flags: EvalFlags) => {
    if (!flags.qrels) invalidOption('--qrels', undefined, 'is required')
    if (!flags.demand) invalidOption('--demand', undefined, 'is required')
    if (!flags.supply && !flags.experts) invalidOption('--supply/--experts', undefined, 'give at least one')
    const qrels = await readQrels(flags.qrels)
    const inputs = await loadFromFlags(flags)
    const result = runEvalJob(inputs, qrels, { analyzer: analyzerFrom(flags), matcher: await matcherOptionsFrom(flags), match: matchOptionsFrom(flags) })
    if (flags.json) {
      const out = Object.fromEntries(
        Object.entries(result).map(([kind, r]) => [kind, { mean: r.mean, needCount: r.needCount, skipped: r.skipped, ...(flags.perNeed ? { perNeed: r.perNeed } : {}) }]),
      )
      process.stdout.write(JSON.stringify(out, null, 2) + '\n')
    } else {
      process.stdout.write(formatEvalJob(result, flags.perNeed) + '\n')
    }
    if (inputs.rejects.length > 0 && !flags.quiet) process.stderr.write(`${inputs.rejects.length} input records rejected (use duijie match to write them out)\n`)
    setExitCode(inputs.rejects.length > 0 ? EXIT_REJECTS : EXIT_OK)
  })
}
