/**
 * The options file that `duijie tune` writes and `duijie match` / `duijie eval` read with
 * `--config`: the tuned matcher options, with where they came from and how well they did on
 * held-out needs.
 *
 * {
 *   "formatVersion": 1,
 *   "matcher": { "bm25": { "k1": 1.6 }, "penalties": { "maturity": 0.8 } },
 *   "index": { … },            optional: index options (tuned only with an index-scope space)
 *   "tunedOn": { … },          provenance: files, counts, space, folds, date
 *   "crossValidated": { … }    held-out means of the tuned and the default options
 * }
 *
 * Only `formatVersion` and `matcher` are read back; `tunedOn` and `crossValidated` are for people.
 * The matcher options are validated where every matcher's are, by `createMatcher`.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { MatchError } from '../errors.js'
import type { MatcherOptions } from '../match/matcher.js'
import { isPlainObject } from '../tune/space.js'
import type { CorpusIndexOptions } from '../tune/space.js'

/** The format version this code writes and reads. */
export const CONFIG_FORMAT_VERSION = 1

/** The contents of an options file. */
export interface DuijieConfig {
  readonly formatVersion: typeof CONFIG_FORMAT_VERSION
  readonly matcher: MatcherOptions
  readonly index?: CorpusIndexOptions
  readonly tunedOn?: Readonly<Record<string, unknown>>
  readonly crossValidated?: Readonly<Record<string, unknown>>
}

const KEYS = ['formatVersion', 'matcher', 'index', 'tunedOn', 'crossValidated'] as const

/**
 * Parses and checks an options file's text.
 *
 * @param text The JSON text.
 * @param source The file name, for messages.
 * @throws MatchError INVALID_OPTION on bad JSON, an unknown top-level key (named), a
 *   formatVersion other than 1, or a section that is not an object.
 */
export function parseConfig(text: string, source = '<config>'): DuijieConfig {
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new MatchError('INVALID_OPTION', `${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  if (!isPlainObject(value)) throw new MatchError('INVALID_OPTION', `${source}: must be a JSON object { "formatVersion": 1, "matcher": {…} }`)
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new MatchError('INVALID_OPTION', `${source}: unknown key "${key}", expected one of ${KEYS.join(', ')}`)
  }
  if (value.formatVersion !== CONFIG_FORMAT_VERSION) {
    throw new MatchError('INVALID_OPTION', `${source}: formatVersion ${JSON.stringify(value.formatVersion)} is not supported, expected ${CONFIG_FORMAT_VERSION}`)
  }
  for (const key of ['matcher', 'index', 'tunedOn', 'crossValidated'] as const) {
    if (value[key] !== undefined && !isPlainObject(value[key])) throw new MatchError('INVALID_OPTION', `${source}: "${key}" must be an object, got ${JSON.stringify(value[key])}`)
  }
  return { ...(value as Omit<DuijieConfig, 'matcher'>), matcher: (value.matcher ?? {}) as MatcherOptions }
}

/** Reads an options file. @throws MatchError INVALID_OPTION as {@link parseConfig}; fs errors as they are. */
export async function readConfig(path: string): Promise<DuijieConfig> {
  return parseConfig(await readFile(path, 'utf8'), path)
}

/** Writes an options file: JSON, two-space indented, with a final newline. */
export async function writeConfig(path: string, config: DuijieConfig): Promise<void> {
  await writeFile(path, formatConfig(config))
}

/** The text of an options file. */
export function formatConfig(config: DuijieConfig): string {
  return JSON.stringify(config, null, 2) + '\n'
}
