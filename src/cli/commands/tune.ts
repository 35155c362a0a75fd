/**
 * `duijie tune`: choose matcher options on labelled needs by coordinate ascent, estimate the gain
 * by k-fold cross-validation (held-out needs only), and write an options file for
 * `duijie match --config` / `duijie eval --config`.
 */
import { readFile } from 'node:fs/promises'
import { Command } from 'commander'
import { invalidOption, MatchError } from '../../errors.js'
import { readQrels } from '../../io/qrels.js'
import type { LoadedInputs } from '../../job/load.js'
import {
  createCorpusEvaluator,
  DEFAULT_SEARCH_SPACE,
  parameterName,
  TARGET_KINDS,
  toSearchSpace,
  tuneOptions,
  type AscentRound,
  type LabelledSet,
  type ObjectiveWeights,
  type SetSummary,
  type TunableOptions,
  type TuneResult,
} from '../../tune/index.js'
import { CONFIG_FORMAT_VERSION, readConfig, writeConfig, type DuijieConfig } from '../config.js'
import { EXIT_OK, EXIT_REJECTS } from '../exit-codes.js'
import { analyzerFrom, loadFromFlags } from '../inputs.js'
import { positiveInt } from './match.js'

interface TuneFlags {
  supply?: string
  experts?: string
  demand?: string
  qrels?: string
  set?: string[]
  space?: string
  folds: string
  maxRounds: string
  minGain: string
  weights?: string
  config?: string
  out?: string
  encoding?: string
  mapping?: string
  userDict?: string
  quiet?: boolean
}

/** The set made of `--demand` and `--qrels`. */
const SHORTHAND_SET = 'demand'

interface SetSource {
  readonly name: string
  readonly needs: string
  readonly qrels: string
}

/** Parses the `--set` values and the `--demand`/`--qrels` pair into named sets. */
export function parseSets(flags: Pick<TuneFlags, 'set' | 'demand' | 'qrels'>): SetSource[] {
  const sets: SetSource[] = []
  if (flags.demand || flags.qrels) {
    if (!flags.demand || !flags.qrels) invalidOption(flags.demand ? '--qrels' : '--demand', undefined, 'is required with ' + (flags.demand ? '--demand' : '--qrels'))
    sets.push({ name: SHORTHAND_SET, needs: flags.demand, qrels: flags.qrels })
  }
  for (const value of flags.set ?? []) {
    const eq = value.indexOf('=')
    const files = eq > 0 ? value.slice(eq + 1).split(',') : []
    if (eq <= 0 || files.length !== 2 || files.some((f) => f.trim() === '')) invalidOption('--set', value, 'must be name=needs.jsonl,qrels.tsv')
    const name = value.slice(0, eq).trim()
    if (!/^[\w.-]+$/.test(name) || (TARGET_KINDS as readonly string[]).includes(name)) invalidOption('--set', name, 'names a set: letters, digits, _ . -, not achievement or expert')
    sets.push({ name, needs: files[0]!.trim(), qrels: files[1]!.trim() })
  }
  for (const [i, set] of sets.entries()) if (sets.findIndex((s) => s.name === set.name) !== i) invalidOption('--set', set.name, 'is given twice')
  if (sets.length === 0) invalidOption('--set', undefined, 'give at least one labelled set: --set name=needs.jsonl,qrels.tsv or --demand with --qrels')
  return sets
}

/** Parses `--weights achievement=1,expert=0.5,dev-hard=2` (kinds or set names). */
export function parseWeights(value: string | undefined, setNames: readonly string[]): ObjectiveWeights {
  if (!value) return {}
  const kinds: Record<string, number> = {}
  const sets: Record<string, number> = {}
  for (const part of value.split(',')) {
    const [key, raw, extra] = part.split('=').map((s) => s.trim())
    const weight = Number(raw)
    if (!key || raw === undefined || raw === '' || extra !== undefined || !Number.isFinite(weight) || weight < 0) invalidOption('--weights', part, 'must be name=number (number ≥ 0), e.g. achievement=1,expert=0.5')
    if ((TARGET_KINDS as readonly string[]).includes(key)) kinds[key] = weight
    else if (setNames.includes(key)) sets[key] = weight
    else invalidOption('--weights', key, `must be achievement, expert or a set name (${setNames.join(', ')})`)
  }
  return { ...kinds, sets }
}

export function tuneCommand(setExitCode: (code: number) => void): Command {
  return new Command('tune')
    .description('tune matcher options on labelled needs (coordinate ascent over a grid), report the cross-validated gain, write an options file')
    .option('--supply <file>', 'achievements (科技成果) searched: .jsonl or .csv')
    .option('--experts <file>', 'experts (专家) searched: .jsonl or .csv')
    .option('--demand <file>', `labelled needs; with --qrels, the set named "${SHORTHAND_SET}"`)
    .option('--qrels <file>', 'qrels for --demand: needId<TAB>targetId<TAB>grade (0-3)')
    .option('--set <name=needs,qrels>', 'a labelled set against the same corpus, e.g. --set dev=needs.jsonl,qrels.tsv; repeat for more (dev + dev-hard)', (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .option('--space <file>', 'search space: JSON array of { "path": "bm25.k1", "values": [0.9, 1.2], "scope"?: "matcher"|"index" } (default: the built-in space)')
    .option('--folds <n>', 'cross-validation folds (≥ 2), assigned by a stable hash of the need id', '5')
    .option('--max-rounds <n>', 'coordinate-ascent rounds at most', '3')
    .option('--min-gain <x>', 'take a step only if it raises the objective by more than x (guards against fitting noise)', '0')
    .option('--weights <list>', 'objective weights: achievement=1,expert=1,<set>=1 (default all 1); the objective is their weighted mean nDCG@10')
    .option('--config <file>', 'start from (and compare with) the options of this file instead of the defaults')
    .option('--out <file>', 'the options file to write (read by match/eval --config)')
    .option('--encoding <name>', 'input encoding: auto, utf8, gbk, gb18030, utf16le', 'auto')
    .option('--mapping <file>', 'JSON object mapping extra column names to fields')
    .option('--user-dict <file>', 'user dictionary: one word a line')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      [
        '',
        'The objective is the weighted mean of nDCG@10 over every (set, kind) pair. Each fold is tuned on the',
        'other folds and measured on its own needs; the report compares the tuned and the start options on',
        'those held-out needs. Figures on the needs a setting was tuned on are labelled "train".',
        '',
        'Example:',
        '  duijie tune --supply achievements.jsonl --experts experts.jsonl \\',
        '    --set dev=needs.jsonl,qrels.tsv --set dev-hard=hard/needs.jsonl,hard/qrels.tsv --folds 5 --out tuned.json',
        '  duijie eval --config tuned.json --demand needs.jsonl --supply achievements.jsonl --experts experts.jsonl --qrels qrels.tsv',
      ].join('\n'),
    )
    .action(async (flags: TuneFlags) => {
      const t0 = performance.now()
      if (!flags.out) invalidOption('--out', undefined, 'is required: the options file to write')
      if (!flags.supply && !flags.experts) invalidOption('--supply/--experts', undefined, 'give at least one')
      const sources = parseSets(flags)
      const weights = parseWeights(flags.weights, sources.map((s) => s.name))
      const folds = Number(flags.folds)
      if (!Number.isInteger(folds) || folds < 2) invalidOption('--folds', flags.folds, 'must be an integer ≥ 2')
      const maxRounds = positiveInt('--max-rounds', flags.maxRounds)
      const minGain = Number(flags.minGain)
      if (!Number.isFinite(minGain) || minGain < 0) invalidOption('--min-gain', flags.minGain, 'must be a number ≥ 0')
      const space = flags.space ? toSearchSpace(await readJson(flags.space)) : DEFAULT_SEARCH_SPACE
      const startConfig = flags.config ? await readConfig(flags.config) : undefined
      const start: TunableOptions = startConfig ? { matcher: startConfig.matcher, ...(startConfig.index ? { index: startConfig.index } : {}) } : {}

      const base = { encoding: flags.encoding, mapping: flags.mapping }
      const corpus = await loadFromFlags({ ...base, supply: flags.supply, experts: flags.experts })
      const loaded: LoadedInputs[] = [corpus]
      const sets: LabelledSet[] = []
      for (const source of sources) {
        const inputs = await loadFromFlags({ ...base, demand: source.needs })
        loaded.push(inputs)
        sets.push({ name: source.name, needs: inputs.needs, qrels: await readQrels(source.qrels) })
      }
      const analyzer = analyzerFrom(flags)
      const evaluator = createCorpusEvaluator(corpus, sets, { analyzer })
      if (folds > evaluator.needs.length) invalidOption('--folds', flags.folds, `must be at most the number of labelled needs (${evaluator.needs.length})`)
      const log = (line: string) => {
        if (!flags.quiet) process.stderr.write(line + '\n')
      }
      const countOf = (name: string) => evaluator.needs.filter((n) => n.set === name).length
      log(
        `tuning on ${evaluator.needs.length} labelled needs (${sets.map((s) => `${s.name} ${countOf(s.name)}`).join(', ')}) against ` +
          `${corpus.achievements.length} achievements and ${corpus.experts.length} experts: ${space.length} parameters, ${folds} folds, at most ${maxRounds} rounds`,
      )
      if (evaluator.missing.length > 0) log(`${evaluator.missing.length} judged needs are not in the needs files and are left out: ${evaluator.missing.slice(0, 5).map((n) => `${n.set}/${n.id}`).join(', ')}${evaluator.missing.length > 5 ? ', …' : ''}`)

      const result = tuneOptions(evaluator.needs, evaluator.evaluate, {
        space,
        folds,
        start,
        maxRounds,
        minGain,
        weights,
        onRound: (stage, round) => log(formatRound(stage, round, ((performance.now() - t0) / 1000).toFixed(1))),
      })

      const startLabel = flags.config ? 'start' : 'defaults'
      const config: DuijieConfig = {
        formatVersion: CONFIG_FORMAT_VERSION,
        matcher: result.options.matcher ?? {},
        ...(result.options.index && Object.keys(result.options.index).length > 0 ? { index: result.options.index } : {}),
        tunedOn: {
          date: new Date().toISOString(),
          analyzer: analyzer.name,
          corpus: { supply: flags.supply ?? null, experts: flags.experts ?? null, achievements: corpus.achievements.length, expertRecords: corpus.experts.length },
          sets: sources.map((s) => ({ name: s.name, needs: s.needs, qrels: s.qrels, labelledNeeds: countOf(s.name) })),
          space: flags.space ?? 'default',
          parameters: space.map(parameterName),
          folds,
          maxRounds,
          minGain,
          weights,
          start: flags.config ?? 'defaults',
          train: { note: 'objective on the needs the options were tuned on: optimistic', start: round4(result.final.startScore), tuned: round4(result.final.score) },
        },
        crossValidated: {
          note: 'held-out means: each need scored by options tuned on the other folds',
          metric: 'nDCG@10',
          folds,
          objective: { [startLabel]: round4(result.crossValidated.objective.start), tuned: round4(result.crossValidated.objective.tuned) },
          [startLabel]: roundSummary(result.crossValidated.start),
          tuned: roundSummary(result.crossValidated.tuned),
        },
      }
      await writeConfig(flags.out, config)
      process.stdout.write(formatTuneReport(result, startLabel) + `wrote ${flags.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
      const rejects = loaded.reduce((n, l) => n + l.rejects.length, 0)
      if (rejects > 0) log(`${rejects} input records rejected (use duijie match to write them out)`)
      setExitCode(rejects > 0 ? EXIT_REJECTS : EXIT_OK)
    })
}

/** One progress line: `fold 2/5 round 1: train 0.7400 → 0.7606 (bm25.k1 default → 1.6, …) 16.1 s`. */
function formatRound(stage: string, round: AscentRound, seconds: string): string {
  const changes = round.changes.map((c) => `${c.parameter} ${c.from === undefined ? 'default' : JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)
  return `${stage} round ${round.round}: train ${round.startScore.toFixed(4)} → ${round.score.toFixed(4)}${changes.length > 0 ? ` (${changes.join(', ')})` : ' (no change)'}  ${seconds} s`
}

/** The final report: tuned options, then held-out nDCG@10 per set and kind, start vs tuned. */
export function formatTuneReport(result: TuneResult, startLabel: string): string {
  const cv = result.crossValidated
  const rows: string[][] = [['set', 'kind', startLabel, 'tuned', 'Δ']]
  for (const [set, kinds] of Object.entries(cv.tuned)) {
    for (const kind of TARGET_KINDS) {
      const tuned = kinds[kind]
      const start = cv.start[set]?.[kind]
      if (!tuned || !start) continue
      rows.push([set, kind, start.ndcg10.toFixed(4), tuned.ndcg10.toFixed(4), signed(tuned.ndcg10 - start.ndcg10)])
    }
  }
  rows.push(['objective', '', cv.objective.start.toFixed(4), cv.objective.tuned.toFixed(4), signed(cv.objective.tuned - cv.objective.start)])
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const table = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd())
  return [
    `options: ${JSON.stringify(result.options.matcher ?? {})}${result.options.index ? ` index: ${JSON.stringify(result.options.index)}` : ''}`,
    '',
    `cross-validated nDCG@10 (${cv.folds.length} folds; each need scored by options tuned without it):`,
    ...table,
    '',
    `train (tuned on every need, optimistic): objective ${result.final.startScore.toFixed(4)} → ${result.final.score.toFixed(4)}`,
    '',
  ].join('\n')
}

const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4)
const round4 = (x: number) => Math.round(x * 10_000) / 10_000

function roundSummary(summary: SetSummary): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(summary).map(([set, kinds]) => [
      set,
      Object.fromEntries(Object.entries(kinds).map(([kind, m]) => [kind, { ndcg10: round4(m.ndcg10), recall20: round4(m.recall20), mrr10: round4(m.mrr10), p1: round4(m.p1), needs: m.needCount }])),
    ]),
  )
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8')
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new MatchError('INVALID_OPTION', `${path}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}
