/**
 * The quality regression harness: every condition of conditions.json (a named set of analyzer,
 * index and matcher options, or a reference baseline) evaluated on the dev and dev-hard sets of
 * fixtures/sample, nDCG@10 and Recall@20 for achievements and experts.
 *
 * Run:    npx tsx bench/quality/evaluate-conditions.ts            prints a markdown table
 *         npx tsx bench/quality/evaluate-conditions.ts --update   rewrites the expected numbers
 *         npx tsx bench/quality/evaluate-conditions.ts --only default
 *
 * `--update` is for a change that moves quality on purpose: the diff of conditions.json is the
 * record of it, and the commit says why. test/quality.test.ts fails when a metric drops more
 * than {@link QUALITY_TOLERANCE} below its expected number.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readQrels } from '../../src/io/qrels.js'
import { loadInputs } from '../../src/job/load.js'
import type { MatcherOptions } from '../../src/match/matcher.js'
import { createAnalyzer, type AnalyzerOptions } from '../../src/tokenize/analyzer.js'
import {
  createCorpusEvaluator,
  scoreNeed,
  summarize,
  TARGET_KINDS,
  type CorpusIndexOptions,
  type LabelledSet,
  type NeedMetrics,
  type SetSummary,
  type TargetKind,
  type TuneCorpus,
} from '../../src/tune/index.js'
import { plainBm25Words } from './baselines.js'

/** How far below its expected number a metric may fall before the quality test fails. */
export const QUALITY_TOLERANCE = 0.01

/** The metrics the harness tracks. */
export const QUALITY_METRICS = ['ndcg10', 'recall20'] as const
export type QualityMetric = (typeof QUALITY_METRICS)[number]

/** Metric values per set, then target kind. */
export type QualityNumbers = Record<string, Partial<Record<TargetKind, Record<QualityMetric, number>>>>

/** Reference rankers a condition may name instead of options (see baselines.ts). */
const BASELINES = { plainBm25Words } as const

/** One condition of conditions.json. */
export interface Condition {
  readonly name: string
  readonly description: string
  /** Options of the duijie matcher. Ignored keys are errors, so a typo cannot run the defaults. */
  readonly options?: {
    readonly analyzer?: Omit<AnalyzerOptions, 'tokenizer'> & { readonly tokenizer?: 'jieba' | 'ngram' }
    readonly index?: CorpusIndexOptions
    readonly matcher?: MatcherOptions
  }
  /** A reference ranker from baselines.ts, used instead of `options`. */
  readonly baseline?: keyof typeof BASELINES
  /** The numbers the condition must keep (within the tolerance). */
  readonly expected?: QualityNumbers
}

/** The corpus and the labelled sets every condition is evaluated on. */
export interface QualityDatasets {
  readonly corpus: TuneCorpus
  readonly sets: readonly LabelledSet[]
}

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The path of conditions.json. */
export const CONDITIONS_PATH = fileURLToPath(new URL('./conditions.json', import.meta.url))

/** Loads fixtures/sample: its achievements and experts, the dev set and the dev-hard set. */
export async function loadDatasets(sampleDir = resolve(root, 'fixtures/sample')): Promise<QualityDatasets> {
  const corpus = await loadInputs({ supply: resolve(sampleDir, 'achievements.jsonl'), experts: resolve(sampleDir, 'experts.jsonl') })
  const set = async (name: string, dir: string): Promise<LabelledSet> => ({
    name,
    needs: (await loadInputs({ demand: resolve(dir, 'needs.jsonl') })).needs,
    qrels: await readQrels(resolve(dir, 'qrels.tsv')),
  })
  return { corpus, sets: [await set('dev', sampleDir), await set('dev-hard', resolve(sampleDir, 'hard'))] }
}

/** Reads and checks conditions.json: unique names, known keys, options or a known baseline. */
export async function readConditions(path = CONDITIONS_PATH): Promise<Condition[]> {
  const conditions = JSON.parse(await readFile(path, 'utf8')) as Condition[]
  if (!Array.isArray(conditions)) throw new Error(`${path}: must be an array of conditions`)
  const names = new Set<string>()
  for (const c of conditions) {
    for (const key of Object.keys(c)) if (!['name', 'description', 'options', 'baseline', 'expected'].includes(key)) throw new Error(`${path}: condition ${c.name}: unknown key "${key}"`)
    for (const key of Object.keys(c.options ?? {})) if (!['analyzer', 'index', 'matcher'].includes(key)) throw new Error(`${path}: condition ${c.name}: unknown options key "${key}"`)
    if (typeof c.name !== 'string' || names.has(c.name)) throw new Error(`${path}: condition names must be unique strings, got ${JSON.stringify(c.name)}`)
    if (c.baseline !== undefined && !(c.baseline in BASELINES)) throw new Error(`${path}: condition ${c.name}: unknown baseline "${c.baseline}", expected ${Object.keys(BASELINES).join(', ')}`)
    if (c.baseline !== undefined && c.options !== undefined) throw new Error(`${path}: condition ${c.name}: give options or a baseline, not both`)
    names.add(c.name)
  }
  return conditions
}

/**
 * Evaluates one condition on every set: nDCG@10 and Recall@20 per set and target kind, by the
 * same code as `duijie eval` and `duijie tune`.
 *
 * @param condition Options or a baseline.
 * @param datasets The corpus and the labelled sets.
 */
export function evaluateCondition(condition: Condition, datasets: QualityDatasets): QualityNumbers {
  let metrics: readonly NeedMetrics[]
  if (condition.baseline) {
    const ranker = BASELINES[condition.baseline]
    const matchers = {
      ...(datasets.corpus.achievements?.length ? { achievement: ranker(datasets.corpus.achievements, 'achievement') } : {}),
      ...(datasets.corpus.experts?.length ? { expert: ranker(datasets.corpus.experts, 'expert') } : {}),
    }
    metrics = datasets.sets.flatMap((set) => set.needs.filter((n) => set.qrels.has(n.id)).map((n) => ({ set: set.name, id: n.id, ...scoreNeed(matchers, n, set.qrels) })))
  } else {
    const { analyzer, index, matcher } = condition.options ?? {}
    const evaluator = createCorpusEvaluator(datasets.corpus, datasets.sets, { analyzer: createAnalyzer(analyzer ?? {}) })
    metrics = evaluator.evaluate({ ...(index ? { index } : {}), ...(matcher ? { matcher } : {}) }, evaluator.needs)
  }
  return toQualityNumbers(summarize(metrics))
}

function toQualityNumbers(summary: SetSummary): QualityNumbers {
  const out: QualityNumbers = {}
  for (const [set, kinds] of Object.entries(summary)) {
    out[set] = {}
    for (const kind of TARGET_KINDS) {
      const m = kinds[kind]
      if (m) out[set]![kind] = { ndcg10: m.ndcg10, recall20: m.recall20 }
    }
  }
  return out
}

/** One failed check: a metric more than the tolerance below its expected number. */
export interface QualityDrop {
  readonly condition: string
  readonly metric: string
  readonly expected: number
  readonly measured: number
}

/**
 * The metrics of a condition that fall more than `tolerance` below the expected ones. An
 * expected metric that was not measured at all counts as a drop to 0.
 */
export function qualityDrops(condition: Condition, measured: QualityNumbers, tolerance = QUALITY_TOLERANCE): QualityDrop[] {
  const drops: QualityDrop[] = []
  for (const [set, kinds] of Object.entries(condition.expected ?? {})) {
    for (const kind of TARGET_KINDS) {
      for (const metric of QUALITY_METRICS) {
        const expected = kinds[kind]?.[metric]
        if (expected === undefined) continue
        const value = measured[set]?.[kind]?.[metric] ?? 0
        if (value < expected - tolerance) drops.push({ condition: condition.name, metric: `${set} ${kind} ${metric}`, expected, measured: value })
      }
    }
  }
  return drops
}

/**
 * A markdown table: one row per condition, nDCG@10 and Recall@20 per set and kind. A measured
 * number that differs from its expected one by 0.0005 or more is followed by the expected one in
 * parentheses.
 */
export function formatQualityTable(rows: readonly { readonly condition: Condition; readonly measured: QualityNumbers }[]): string {
  const columns: { set: string; kind: TargetKind; metric: QualityMetric }[] = []
  for (const { measured } of rows) {
    for (const [set, kinds] of Object.entries(measured)) {
      for (const kind of TARGET_KINDS) {
        if (!kinds[kind]) continue
        for (const metric of QUALITY_METRICS) if (!columns.some((c) => c.set === set && c.kind === kind && c.metric === metric)) columns.push({ set, kind, metric })
      }
    }
  }
  const label = { ndcg10: 'nDCG@10', recall20: 'R@20' }
  const kindLabel = { achievement: 'ach', expert: 'exp' }
  const header = ['condition', ...columns.map((c) => `${c.set} ${kindLabel[c.kind]} ${label[c.metric]}`)]
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`]
  for (const { condition, measured } of rows) {
    const cells = columns.map(({ set, kind, metric }) => {
      const value = measured[set]?.[kind]?.[metric]
      const expected = condition.expected?.[set]?.[kind]?.[metric]
      if (value === undefined) return '–'
      return expected !== undefined && Math.abs(value - expected) >= 0.0005 ? `${value.toFixed(3)} (${expected.toFixed(3)})` : value.toFixed(3)
    })
    lines.push(`| ${[condition.name, ...cells].join(' | ')} |`)
  }
  return lines.join('\n') + '\n'
}

/** Numbers rounded to 3 decimals, as conditions.json keeps them. */
export function roundNumbers(numbers: QualityNumbers): QualityNumbers {
  const out: QualityNumbers = {}
  for (const [set, kinds] of Object.entries(numbers)) {
    out[set] = {}
    for (const kind of TARGET_KINDS) {
      const m = kinds[kind]
      if (m) out[set]![kind] = { ndcg10: Math.round(m.ndcg10 * 1000) / 1000, recall20: Math.round(m.recall20 * 1000) / 1000 }
    }
  }
  return out
}

async function main(argv: readonly string[]): Promise<void> {
  const update = argv.includes('--update')
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined
  const conditions = await readConditions()
  const selected = only ? conditions.filter((c) => c.name === only) : conditions
  if (only && selected.length === 0) throw new Error(`no condition named ${only}`)
  const datasets = await loadDatasets()
  const rows: { condition: Condition; measured: QualityNumbers }[] = []
  for (const condition of selected) {
    const t0 = performance.now()
    const measured = evaluateCondition(condition, datasets)
    process.stderr.write(`${condition.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
    rows.push({ condition, measured })
  }
  process.stdout.write(formatQualityTable(rows))
  const drops = rows.flatMap((r) => qualityDrops(r.condition, r.measured))
  for (const d of drops) process.stdout.write(`below expected − ${QUALITY_TOLERANCE}: ${d.condition} ${d.metric} ${d.measured.toFixed(3)} < ${d.expected.toFixed(3)}\n`)
  if (update) {
    const updated = conditions.map((c) => {
      const row = rows.find((r) => r.condition.name === c.name)
      return row ? { ...c, expected: roundNumbers(row.measured) } : c
    })
    await writeFile(CONDITIONS_PATH, JSON.stringify(updated, null, 2) + '\n')
    process.stdout.write(`updated the expected numbers of ${rows.length} conditions in ${CONDITIONS_PATH}\n`)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  })
}
