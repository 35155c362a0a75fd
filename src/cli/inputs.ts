/**
 * Options shared by the commands that read inputs: files, encoding, column mapping, user
 * dictionary, filters and hard constraints, turned into job options.
 */
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { invalidOption, MatchError } from '../errors.js'
import { parseEncoding } from '../io/encoding.js'
import { formatReject, type Reject } from '../io/reject.js'
import { createWriterFor } from './writers.js'
import { CONSTRAINT_NAMES, type ConstraintName } from '../match/constraints.js'
import type { MatchOptions } from '../match/matcher.js'
import type { TargetOptions } from '../job/targets.js'
import { createThesaurus } from '../thesaurus/thesaurus.js'
import { createAnalyzer } from '../tokenize/analyzer.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { loadInputs, type LoadedInputs, type LoadOptions } from '../job/load.js'
import { readConfig } from './config.js'

/** The raw commander values of the shared options. */
export interface InputFlags {
  demand?: string
  supply?: string
  experts?: string
  encoding?: string
  mapping?: string
  userDict?: string
  thesaurus?: string
  hard?: string
  requireLocal?: boolean
  field?: string
  region?: string
  minMaturity?: string
  cooperation?: string
  minScore?: string
  quiet?: boolean
  config?: string
}

/** Adds the input and filter options to a command. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--demand <file>', 'needs (企业技术需求): .jsonl or .csv')
    .option('--supply <file>', 'achievements (科技成果): .jsonl or .csv')
    .option('--experts <file>', 'experts (专家): .jsonl or .csv')
    .option('--encoding <name>', 'input encoding: auto, utf8, gbk, gb18030, utf16le', 'auto')
    .option('--mapping <file>', 'JSON object mapping extra column names to fields, e.g. {"项目编号": "id"}')
    .option('--user-dict <file>', 'user dictionary: one word a line (word [freq] [tag]); BOM and CRLF are fine')
    .option('--thesaurus <file>', 'your own thesaurus entries, added to the built-in ones: "俗称|别名 => 术语" or "同义词|同义词" a line')
    .option('--hard <list>', `make the need's constraints filters: ${CONSTRAINT_NAMES.join(',')}`)
    .option('--require-local', "only institutions in the need's own province (with --hard region: a filter; else a penalty)")
    .option('--field <list>', '领域 filter: comma-separated fields')
    .option('--region <path>', 'region filter: administrative path prefix, e.g. 陕西省')
    .option('--min-maturity <level>', '成熟度 filter: 实验室|小试|中试|小批量|产业化')
    .option('--cooperation <list>', '合作方式 filter: comma-separated modes')
    .option('--min-score <n>', 'drop matches with 匹配度 below n (0-100)')
    .option('-q, --quiet', 'no progress or summary on stderr')
    .option('--config <file>', 'matcher options from a JSON file written by duijie tune ({ "formatVersion": 1, "matcher": {…} })')
}

const splitList = (value: string | undefined) => (value ? value.split(/[,，、;；|]/).map((s) => s.trim()).filter(Boolean) : undefined)

/** The analyzer with the user dictionary, if any. */
export function analyzerFrom(flags: InputFlags): Analyzer {
  return createAnalyzer(flags.userDict ? { userDictionary: flags.userDict } : {})
}

/** Match options (filters, hard constraints, region requirement, minimum score) from flags. */
export function matchOptionsFrom(flags: InputFlags): Omit<MatchOptions, 'topK' | 'queryKind' | 'explain'> {
  const hard = splitList(flags.hard) ?? []
  for (const name of hard) if (!(CONSTRAINT_NAMES as readonly string[]).includes(name)) invalidOption('--hard', name, `must be among ${CONSTRAINT_NAMES.join(', ')}`)
  const minMatchScore = flags.minScore === undefined ? undefined : Number(flags.minScore)
  if (minMatchScore !== undefined && !(minMatchScore >= 0 && minMatchScore <= 100)) invalidOption('--min-score', flags.minScore, 'must be a number within [0, 100]')
  const fields = splitList(flags.field)
  const cooperation = splitList(flags.cooperation)
  return {
    hard: hard as ConstraintName[],
    ...(flags.requireLocal ? { regionRequirement: { province: 'same' } } : {}),
    ...(minMatchScore !== undefined ? { minMatchScore } : {}),
    filters: {
      ...(fields ? { fields } : {}),
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.minMaturity ? { minMaturity: flags.minMaturity } : {}),
      ...(cooperation ? { cooperation } : {}),
    },
  }
}

/** How to read the input files: the encoding and the `--mapping` file's column names. */
export async function loadOptionsFrom(flags: InputFlags): Promise<LoadOptions> {
  const headers = flags.mapping ? (JSON.parse(await readFile(flags.mapping, 'utf8')) as Record<string, string | null>) : undefined
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
    invalidOption('--mapping', flags.mapping, 'must be a JSON object of column name → field')
  }
  return { encoding: parseEncoding(flags.encoding ?? 'auto'), headers }
}

/** Reads the input files named by the flags. */
export async function loadFromFlags(flags: InputFlags): Promise<LoadedInputs> {
  return loadInputs({ demand: flags.demand, supply: flags.supply, experts: flags.experts }, await loadOptionsFrom(flags))
}

/** Writes rejects as JSON Lines and returns the lines to show (at most `show`). */
export async function writeRejects(path: string, rejects: readonly Reject[], show = 5): Promise<string[]> {
  const writer = createWriterFor<Reject>(path, 'jsonl')
  for (const reject of rejects) await writer.write(reject)
  await writer.close()
  return rejects.slice(0, show).map(formatReject)
}

/**
 * The matcher options of `--config`, or undefined without it. Index options in the file are
 * refused: match and eval build their indexes with the defaults, and silently ignoring tuned
 * index options would misreport what was run.
 */
export async function matcherOptionsFrom(flags: InputFlags): Promise<TargetOptions | undefined> {
  const thesaurus = flags.thesaurus ? { thesaurus: createThesaurus({ files: [flags.thesaurus] }) } : {}
  if (!flags.config) return flags.thesaurus ? thesaurus : undefined
  const config = await readConfig(flags.config)
  if (config.index && Object.keys(config.index).length > 0) {
    throw new MatchError('INVALID_OPTION', `${flags.config}: has index options (${Object.keys(config.index).join(', ')}), which match and eval do not apply yet; tune without index-scope parameters`)
  }
  return { ...config.matcher, ...thesaurus }
}
