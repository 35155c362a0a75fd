/**
 * `duijie demo`: the main job on the bundled sample data — match the dev needs against the
 * sample achievements and experts, write the matches, show a few with their reasons, and
 * evaluate on the dev and dev-hard labels.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { MatchError } from '../../errors.js'
import { readQrels } from '../../io/qrels.js'
import { createJsonlWriter } from '../../io/write-jsonl.js'
import { createCsvWriter } from '../../io/write-csv.js'
import { runEvalJob } from '../../job/eval-job.js'
import { loadInputs } from '../../job/load.js'
import { runMatchJob } from '../../job/match-job.js'
import { toOutputObject, type MatchRow } from '../../job/match-rows.js'
import { createAnalyzer } from '../../tokenize/analyzer.js'
import { formatEvalJob } from './eval.js'

/** The sample data folder: fixtures/sample at the package root, found from this file upwards. */
function findSampleDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'fixtures', 'sample')
    if (existsSync(join(candidate, 'needs.jsonl'))) return candidate
    dir = dirname(dir)
  }
  return undefined
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('match the bundled sample data (fixtures/sample), write out/demo-matches.{jsonl,csv}, and evaluate it')
    .option('--data <dir>', 'sample folder with needs.jsonl, achievements.jsonl, experts.jsonl, qrels.tsv and hard/')
    .option('--out <dir>', 'output folder', 'out')
    .option('--show <n>', 'needs to show in full', '3')
    .action(async (flags: { data?: string; out: string; show: string }) => {
      const data = flags.data ? resolve(flags.data) : findSampleDir()
      if (!data || !existsSync(join(data, 'needs.jsonl'))) throw new MatchError('IO', 'sample data not found: run from the duijie repository, or give --data <dir>')
      const analyzer = createAnalyzer()
      const inputs = await loadInputs({ demand: join(data, 'needs.jsonl'), supply: join(data, 'achievements.jsonl'), experts: join(data, 'experts.jsonl') })
      await mkdir(flags.out, { recursive: true })
      const jsonl = createJsonlWriter<Record<string, unknown>>(join(flags.out, 'demo-matches.jsonl'))
      const columns = ['needId', 'kind', 'id', 'rank', 'score', 'band', 'title', 'reasons']
      const csv = createCsvWriter<Record<string, unknown>>(join(flags.out, 'demo-matches.csv'), { columns })
      const rows: MatchRow[] = []
      const summary = await runMatchJob(
        inputs,
        async (row) => {
          rows.push(row)
          await jsonl.write(toOutputObject(row, 'needId'))
          await csv.write({ ...toOutputObject(row, 'needId'), reasons: row.reasons.join('；') })
        },
        { analyzer, topK: 10 },
      )
      await jsonl.close()
      await csv.close()

      const out: string[] = []
      out.push(`duijie demo — sample data: ${inputs.needs.length} needs, ${inputs.achievements.length} achievements, ${inputs.experts.length} experts`)
      out.push(`indexed in ${(summary.indexMs / 1000).toFixed(2)} s, matched in ${(summary.matchMs / 1000).toFixed(2)} s → ${summary.rows} rows`)
      out.push(`wrote ${join(flags.out, 'demo-matches.jsonl')} and ${join(flags.out, 'demo-matches.csv')} (opens in Excel)`, '')
      const show = Math.max(0, Number(flags.show) || 0)
      for (const need of inputs.needs.slice(0, show)) {
        out.push(`■ ${need.id} ${need.title}`)
        for (const kind of ['achievement', 'expert'] as const) {
          const top = rows.filter((r) => r.queryId === need.id && r.kind === kind).slice(0, 3)
          out.push(`  ${kind === 'achievement' ? '推荐成果' : '推荐专家'}:`)
          for (const r of top) {
            out.push(`   ${r.rank}. [${r.score} ${r.band}] ${r.id} ${r.title}`)
            for (const reason of r.reasons) out.push(`        ${reason}`)
          }
        }
        out.push('')
      }
      out.push('Evaluation on the dev labels (qrels.tsv):')
      out.push(formatEvalJob(runEvalJob(inputs, await readQrels(join(data, 'qrels.tsv')), { analyzer })))
      const hardNeeds = join(data, 'hard', 'needs.jsonl')
      if (existsSync(hardNeeds)) {
        const hard = { ...inputs, needs: (await loadInputs({ demand: hardNeeds })).needs }
        out.push('', 'Evaluation on dev-hard (needs worded without the technical terms):')
        out.push(formatEvalJob(runEvalJob(hard, await readQrels(join(data, 'hard', 'qrels.tsv')), { analyzer })))
      }
      process.stdout.write(out.join('\n') + '\n')
    })
}
