/**
 * The thesaurus file format: one bridge per line, either one-way (`冒白烟|白烟 => 烟气消白|消白`)
 * or an equivalence group (`糖友|糖尿病患者|糖尿病人`). See dict/thesaurus/README.md.
 */
import { DataFormatError } from '../errors.js'
import { normalize } from '../tokenize/normalize.js'

/**
 * Shortest and longest phrase, in UTF-16 code units after {@link normalize} (every common
 * Chinese character is one unit). The same bounds as the keyword index: a longer "phrase" is a
 * sentence, and one character is too ambiguous to expand on.
 */
export const THESAURUS_PHRASE_MIN_LENGTH = 2
export const THESAURUS_PHRASE_MAX_LENGTH = 16

/** One bridge: when any `from` phrase occurs in a query, every `to` phrase is added to it. */
export interface ThesaurusEntry {
  /** The phrases that trigger the bridge, normalized. */
  readonly from: readonly string[]
  /** The phrases added, normalized; may include `from` phrases (an equivalence group has from = to). */
  readonly to: readonly string[]
}

/** An entry read from a file, with the 1-based line where it (first) appears. */
export interface ParsedThesaurusEntry {
  from: string[]
  to: string[]
  line: number
}

const LINE_BREAK = /\r\n|\r|\n/
const ARROW = '=>'

/**
 * Checks one phrase after normalization.
 *
 * @param phrase The normalized phrase.
 *
 * @returns Why the phrase is unusable, or `undefined` when it is fine.
 *
 * @internal
 */
export function phraseProblem(phrase: string): string | undefined {
  if (phrase.length === 0) return 'empty phrase'
  if (phrase.length < THESAURUS_PHRASE_MIN_LENGTH || phrase.length > THESAURUS_PHRASE_MAX_LENGTH) {
    return `phrase "${phrase}" has ${phrase.length} characters after normalize(), must have ${THESAURUS_PHRASE_MIN_LENGTH} to ${THESAURUS_PHRASE_MAX_LENGTH}`
  }
  return undefined
}

/**
 * Parses the text of a thesaurus file.
 *
 * Lines (UTF-8; a BOM and CRLF/CR line ends are tolerated; blank lines and lines starting with
 * `#` are skipped):
 * - `a|b => c|d`: one-way: a query containing `a` or `b` gains `c` and `d`;
 * - `a|b|c`: equivalence group: any member gains all the others (from = to = all members).
 *
 * Phrases are normalized ({@link normalize}) and must then have 2 to 16 characters; duplicates
 * within a side are dropped. Entries with the same set of `from` phrases are merged (their `to`
 * lists united, the first line kept), which changes nothing in what a query gains.
 *
 * @param text The file's text.
 * @param file The file name, for error messages.
 *
 * @returns The entries, in order of first appearance.
 *
 * @throws DataFormatError `file:line: reason` for a line with more than one `=>`, an empty side,
 * an empty or too short/long phrase, a group of fewer than two different phrases, or a one-way
 * line whose every target is also a source (it would map a phrase only to itself).
 *
 * @example
 * parseThesaurus('冒白烟|白烟 => 烟气消白\n糖友|糖尿病患者', 'x.txt')
 * // => [{ from: ['冒白烟', '白烟'], to: ['烟气消白'], line: 1 },
 * //     { from: ['糖友', '糖尿病患者'], to: ['糖友', '糖尿病患者'], line: 2 }]
 */
export function parseThesaurus(text: string, file: string): ParsedThesaurusEntry[] {
  const entries: ParsedThesaurusEntry[] = []
  const byFromKey = new Map<string, ParsedThesaurusEntry>()
  const lines = text.replace(/^\uFEFF/, '').split(LINE_BREAK)
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1
    const content = lines[index]!.trim()
    if (content.length === 0 || content.startsWith('#')) continue
    const entry = parseLine(content, file, line)
    const key = [...entry.from].sort().join('|')
    const previous = byFromKey.get(key)
    if (previous) {
      for (const phrase of entry.to) if (!previous.to.includes(phrase)) previous.to.push(phrase)
    } else {
      byFromKey.set(key, entry)
      entries.push(entry)
    }
  }
  return entries
}

function parseLine(content: string, file: string, line: number): ParsedThesaurusEntry {
  const sides = content.split(ARROW)
  if (sides.length > 2) throw new DataFormatError(file, line, `more than one "${ARROW}" in "${content}"`)
  if (sides.length === 1) {
    const members = parseSide(content, file, line)
    if (members.length < 2) {
      throw new DataFormatError(file, line, `an equivalence group needs at least two different phrases, got "${content}"`)
    }
    return { from: members, to: [...members], line }
  }
  const [left, right] = sides as [string, string]
  if (left.trim().length === 0) throw new DataFormatError(file, line, `no phrase before "${ARROW}"`)
  if (right.trim().length === 0) throw new DataFormatError(file, line, `no phrase after "${ARROW}"`)
  const from = parseSide(left, file, line)
  const to = parseSide(right, file, line)
  if (to.every((phrase) => from.includes(phrase))) {
    throw new DataFormatError(file, line, `"${content}" maps its phrases only to themselves`)
  }
  return { from, to, line }
}

/** Splits one side on `|`, normalizes, checks and deduplicates its phrases. */
function parseSide(side: string, file: string, line: number): string[] {
  const phrases: string[] = []
  for (const raw of side.split('|')) {
    const phrase = normalize(raw)
    const problem = phraseProblem(phrase)
    if (problem !== undefined) {
      throw new DataFormatError(file, line, problem === 'empty phrase' ? `empty phrase in "${side.trim()}" (a stray "|"?)` : problem)
    }
    if (!phrases.includes(phrase)) phrases.push(phrase)
  }
  return phrases
}
