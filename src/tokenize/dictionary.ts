/**
 * User dictionaries: words that must come out of segmentation as one token. Reads the jieba
 * and THUOCL file formats defensively, because a dictionary that silently does nothing (a BOM
 * glued to the first word, `\r` glued to every word) is the most common complaint about jieba,
 * IK and HanLP.
 */
import { readFileSync } from 'node:fs'

import { DataFormatError } from '../errors.js'
import { normalize } from './normalize.js'
import type { Tokenizer } from './tokenizer.js'

/** A tokenizer whose segmentation dictionary can grow. */
export interface DictionaryTokenizer extends Tokenizer {
  /**
   * Adds words so that each comes out as one token from now on. Words are normalized first;
   * empty and duplicate words are ignored.
   */
  addWords(words: readonly string[]): void
}

/** Whether `tokenizer` has an {@link DictionaryTokenizer.addWords} method. */
export function isDictionaryTokenizer(tokenizer: Tokenizer): tokenizer is DictionaryTokenizer {
  return typeof (tokenizer as Partial<DictionaryTokenizer>).addWords === 'function'
}

const LINE_BREAK = /\r\n|\r|\n/
const FIELD_SEPARATOR = /[\s\u3000]+/
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u

/**
 * Cleans a list of words: normalizes each ({@link normalize}), drops those left empty or with
 * no letter, digit or ideograph, and drops duplicates, keeping the first.
 *
 * @param words The words as given; each is one word, spaces included (`machine learning`).
 *
 * @returns The clean words, in first-seen order.
 */
export function cleanWords(words: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of words) {
    const word = normalize(raw)
    if (word.length === 0 || seen.has(word) || !HAS_WORD_CHAR.test(word)) continue
    seen.add(word)
    out.push(word)
  }
  return out
}

/**
 * Parses the text of a dictionary file into clean words.
 *
 * One entry per line; the word is the line's first field, and what follows is ignored:
 * `word`, `word freq`, `word freq tag`, `word tag` (jieba), `word<TAB>DF` (THUOCL, also with
 * spaces around the tab). Handles a UTF-8 BOM, `\r\n`, `\r`-only and `\n` line ends, blank
 * lines and `#` comment lines. Words are normalized and deduplicated (see {@link cleanWords}).
 * A word cannot contain spaces in this format (as in jieba); pass such phrases as an array.
 *
 * @param content The file's text.
 *
 * @returns The clean words, in file order.
 */
export function parseDictionary(content: string): string[] {
  const words: string[] = []
  for (const line of content.split(LINE_BREAK)) {
    // normalize() removes a BOM anywhere; trimStart() alone would not (U+FEFF is not \s here).
    const trimmed = line.replace(/^\uFEFF/, '').trim()
    if (trimmed.length === 0 || trimmed.startsWith('#')) continue
    const first = trimmed.split(FIELD_SEPARATOR, 1)[0]
    if (first !== undefined) words.push(first)
  }
  return cleanWords(words)
}

/**
 * Reads a dictionary: a file path, or the words themselves.
 *
 * A file must be UTF-8 (with or without BOM) or UTF-16 with a BOM; see {@link parseDictionary}
 * for the line format. An array is taken as words, one per element (see {@link cleanWords}).
 *
 * @param source The path of a dictionary file, or the words.
 *
 * @returns The clean words.
 *
 * @throws DataFormatError When the file is not valid UTF-8 (a GBK file, say), naming the first bad line.
 * @throws Error The fs error when the file cannot be read (`ENOENT`, `EISDIR`).
 *
 * @example
 * readDictionary('my-words.txt')           // => ['石墨烯', '增材制造', …]
 * readDictionary(['石墨烯', ' 增材制造 ']) // => ['石墨烯', '增材制造']
 */
export function readDictionary(source: string | readonly string[]): string[] {
  if (typeof source !== 'string') return cleanWords(source)
  return parseDictionary(decodeDictionaryFile(source, readFileSync(source)))
}

/** Decodes a dictionary file's bytes: UTF-16 by BOM, else strict UTF-8. */
function decodeDictionaryFile(path: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    const text = new TextDecoder('utf-8').decode(bytes)
    const line = text.slice(0, text.indexOf('\uFFFD')).split(LINE_BREAK).length
    throw new DataFormatError(path, line, 'not valid UTF-8: save the dictionary as UTF-8 (GBK is not read)', { cause: error })
  }
}
