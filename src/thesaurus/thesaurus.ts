/**
 * The thesaurus: phrase → phrases to add to a query, built from the shipped files
 * (`dict/thesaurus/*.txt`), user files and entries given in code, and the scan that finds the
 * phrases of a query text.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { DataFormatError, invalidOption, MatchError } from '../errors.js'
import { findPackageRoot } from '../tokenize/domain-dictionary.js'
import { normalize } from '../tokenize/normalize.js'
import { cutsAlnumRun, PhraseLengths } from '../tokenize/phrase-lengths.js'
import { TermTable } from '../tokenize/term-table.js'
import {
  parseThesaurus,
  phraseProblem,
  THESAURUS_PHRASE_MAX_LENGTH,
  THESAURUS_PHRASE_MIN_LENGTH,
  type ParsedThesaurusEntry,
  type ThesaurusEntry,
} from './parse.js'

/** The folder, relative to the package root, that holds the shipped thesaurus files. */
export const THESAURUS_DIR = join('dict', 'thesaurus')

/** One phrase of the thesaurus found in a query text. */
export interface ThesaurusHit {
  /** The phrase, as it occurs: `text.slice(start, end)`. */
  readonly phrase: string
  /** Offset of its first reported occurrence in the normalized text, in UTF-16 units. */
  readonly start: number
  readonly end: number
  /** The phrases it bridges to, minus those the text already contains; may be empty. */
  readonly expansions: readonly string[]
}

/** Options of {@link createThesaurus}. */
export interface ThesaurusOptions {
  /** Load the shipped files `dict/thesaurus/*.txt`. */
  readonly builtin?: boolean
  /** Paths of the user's own thesaurus files (UTF-8, the same format), loaded after the shipped ones. */
  readonly files?: readonly string[]
  /** Entries given in code, added last; phrases are normalized and must have 2 to 16 characters. */
  readonly entries?: readonly ThesaurusEntry[]
}

/** Defaults of {@link ThesaurusOptions}: the shipped files only. */
export const DEFAULT_THESAURUS_OPTIONS: Readonly<Required<ThesaurusOptions>> = Object.freeze({
  builtin: true,
  files: [],
  entries: [],
})

/** Query-side expansion knowledge: which phrases a query text bridges to. */
export interface Thesaurus {
  /** The number of distinct phrases that trigger an expansion. */
  readonly size: number
  /**
   * Adds entries. Phrases are normalized; every phrase of `from` gains every phrase of `to`
   * other than itself.
   *
   * @throws MatchError `INVALID_OPTION` for a phrase outside 2–16 characters after normalize().
   */
  add(entries: readonly ThesaurusEntry[]): void
  /**
   * The phrases a single phrase bridges to (normalized first), in the order they were added;
   * empty when the phrase is not in the thesaurus.
   */
  expansionsOf(phrase: string): readonly string[]
  /**
   * Finds the thesaurus phrases in a normalized query text.
   *
   * Scanning left to right, the longest phrase starting at each position is taken; a phrase
   * lying inside the span of a longer match is not reported (`冒白烟` hides its `白烟`), a phrase
   * that merely overlaps one is. A phrase never starts or ends inside an alphanumeric run (`mes`
   * is not found in `times`, `plc` is found in `plc控制柜`). Each phrase is reported once, at its
   * first reported occurrence. Expansions already contained in the text are dropped.
   * Cost: one map lookup per (position, phrase length present under that 2-character prefix).
   *
   * @param normalizedText The query text after {@link normalize}; offsets refer to it.
   *
   * @returns The hits, by `start`. Never throws.
   */
  expand(normalizedText: string): ThesaurusHit[]
  /**
   * The options that re-create this thesaurus (entries added later included), so that worker
   * threads can build the same one. Absent on thesauri implemented elsewhere.
   */
  readonly spec?: ThesaurusOptions
}

/**
 * Creates a thesaurus.
 *
 * @param options The sources. Defaults to {@link DEFAULT_THESAURUS_OPTIONS}.
 *
 * @returns The thesaurus; it can grow with {@link Thesaurus.add}.
 *
 * @throws DataFormatError `file:line: reason` for a malformed line or a file that is not UTF-8.
 * @throws MatchError `IO` when a file cannot be read; `INVALID_OPTION` for a bad phrase in `entries`.
 *
 * @example
 * const thesaurus = createThesaurus({ builtin: false, entries: [{ from: ['冒白烟'], to: ['烟气消白'] }] })
 * thesaurus.expand('锅炉烟囱冒白烟')
 * // => [{ phrase: '冒白烟', start: 4, end: 7, expansions: ['烟气消白'] }]
 */
export function createThesaurus(options: ThesaurusOptions = {}): Thesaurus {
  const builtin = options.builtin ?? DEFAULT_THESAURUS_OPTIONS.builtin
  if (typeof builtin !== 'boolean') invalidOption('thesaurus.builtin', builtin, 'must be true or false')
  const files = options.files ?? DEFAULT_THESAURUS_OPTIONS.files
  if (!Array.isArray(files)) invalidOption('thesaurus.files', files, 'must be an array of paths')
  const thesaurus = new MapThesaurus({ builtin, files: [...files], entries: [] })
  if (builtin) thesaurus.addNormalized(loadBuiltinThesaurus())
  for (const file of files) thesaurus.addNormalized(readThesaurusFile(file))
  thesaurus.add(options.entries ?? DEFAULT_THESAURUS_OPTIONS.entries)
  return thesaurus
}

const PREFIX_LENGTH = THESAURUS_PHRASE_MIN_LENGTH

class MapThesaurus implements Thesaurus {
  constructor(readonly spec: { builtin: boolean; files: string[]; entries: ThesaurusEntry[] }) {}

  // Each phrase's id (looked up by a stretch of the query in place: a string is made only for a
  // phrase found) and its targets by id.
  private readonly phraseIds = new TermTable()
  private readonly targetsById: string[][] = []
  // Most positions of a query start no phrase and cost one lookup (see PhraseLengths).
  private readonly lengths = new PhraseLengths(PREFIX_LENGTH)

  get size(): number {
    return this.phraseIds.size
  }

  add(entries: readonly ThesaurusEntry[]): void {
    if (!Array.isArray(entries)) invalidOption('thesaurus entries', entries, 'must be an array of { from, to }')
    const clean = entries.map((entry) => ({ from: checkPhrases(entry.from, 'from'), to: checkPhrases(entry.to, 'to') }))
    this.addNormalized(clean)
    this.spec.entries.push(...clean)
  }

  /** Adds entries whose phrases are already normalized and checked. */
  addNormalized(entries: readonly ThesaurusEntry[]): void {
    for (const { from, to } of entries) {
      for (const phrase of from) {
        for (const target of to) {
          if (target === phrase) continue
          let id = this.phraseIds.idOf(phrase)
          if (id < 0) {
            id = this.phraseIds.intern(phrase)
            this.targetsById[id] = []
            this.lengths.note(phrase)
          }
          const list = this.targetsById[id]!
          if (!list.includes(target)) list.push(target)
        }
      }
    }
  }

  expansionsOf(phrase: string): readonly string[] {
    const id = this.phraseIds.idOf(normalize(phrase))
    return id < 0 ? [] : this.targetsById[id]!
  }

  expand(normalizedText: string): ThesaurusHit[] {
    const text = normalizedText
    const hits: ThesaurusHit[] = []
    const reported = new Set<string>()
    // End of the furthest-reaching match so far; every earlier match starts at or before the
    // current position, so a match ending at or before it lies inside that span.
    let coveredEnd = 0
    for (let start = 0; start + PREFIX_LENGTH <= text.length; start++) {
      const lengths = this.lengths.at(text, start)
      if (lengths === 0) continue
      if (cutsAlnumRun(text, start)) continue
      const maxLength = Math.min(THESAURUS_PHRASE_MAX_LENGTH, text.length - start)
      for (let length = maxLength; length >= PREFIX_LENGTH; length--) {
        if ((lengths & (1 << length)) === 0) continue
        const end = start + length
        if (cutsAlnumRun(text, end)) continue
        const id = this.phraseIds.idOf(text, start, end)
        if (id < 0) continue
        const phrase = text.slice(start, end)
        const targets = this.targetsById[id]!
        // The longest phrase at this position; shorter ones here lie inside it.
        if (end > coveredEnd) {
          coveredEnd = end
          if (!reported.has(phrase)) {
            reported.add(phrase)
            hits.push({ phrase, start, end, expansions: targets.filter((target) => !text.includes(target)) })
          }
        }
        break
      }
    }
    return hits
  }
}

function checkPhrases(phrases: readonly string[], side: 'from' | 'to'): string[] {
  if (!Array.isArray(phrases)) invalidOption(`thesaurus entry ${side}`, phrases, 'must be an array of phrases')
  return phrases.map((raw) => {
    const phrase = typeof raw === 'string' ? normalize(raw) : ''
    const problem = phraseProblem(phrase)
    if (problem !== undefined) invalidOption(`thesaurus entry ${side} phrase`, raw, `must have ${THESAURUS_PHRASE_MIN_LENGTH} to ${THESAURUS_PHRASE_MAX_LENGTH} characters after normalize()`)
    return phrase
  })
}

/**
 * Reads and parses one thesaurus file (strict UTF-8; a BOM is dropped).
 *
 * @param path The file's path.
 *
 * @returns Its entries.
 *
 * @throws DataFormatError For a malformed line, or bytes that are not UTF-8 (naming the first bad line).
 * @throws MatchError `IO` when the file cannot be read.
 *
 * @internal
 */
export function readThesaurusFile(path: string): ParsedThesaurusEntry[] {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (error) {
    throw new MatchError('IO', `cannot read thesaurus file ${path}: ${(error as Error).message}`, { cause: error })
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    const lossy = new TextDecoder('utf-8').decode(bytes)
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split(/\r\n|\r|\n/).length
    throw new DataFormatError(path, line, 'not valid UTF-8: save the thesaurus as UTF-8 (GBK is not read)', { cause: error })
  }
  return parseThesaurus(text, path)
}

/**
 * The shipped thesaurus files, sorted by name.
 *
 * @returns Absolute paths of `dict/thesaurus/*.txt`.
 *
 * @throws Error When the folder cannot be found or read.
 */
export function thesaurusFiles(): string[] {
  const dir = join(findPackageRoot(), THESAURUS_DIR)
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name))
}

let cachedBuiltin: readonly ParsedThesaurusEntry[] | undefined

/**
 * The entries of the shipped files, read once per process and cached: the files ship with the
 * package and do not change while it runs.
 *
 * @returns The entries of every `dict/thesaurus/*.txt`, file by file in name order.
 *
 * @throws DataFormatError For a malformed line in a shipped file.
 */
export function loadBuiltinThesaurus(): readonly ParsedThesaurusEntry[] {
  cachedBuiltin ??= Object.freeze(thesaurusFiles().flatMap((file) => readThesaurusFile(file)))
  return cachedBuiltin
}
