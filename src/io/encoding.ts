/**
 * Text encodings of input files: detection from the first bytes, validation of an explicit
 * choice, and streaming decoding through iconv-lite.
 *
 * Detection order: a BOM (UTF-8, UTF-16LE, UTF-16BE) decides; else UTF-16 without BOM if the
 * start is full of NUL bytes in alternate positions; else UTF-8 validity of a window that
 * starts at the first non-ASCII byte (valid, or at most one invalid sequence per 50 valid
 * multibyte ones: a few stray bytes do not turn a UTF-8 file into GB18030 mojibake); else
 * GB18030, the superset of GBK and GB2312 that Chinese Windows exports use.
 */

import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import { MatchError, invalidOption } from '../errors.js'

/** The encodings this library reads and writes. */
export const ENCODINGS = ['utf8', 'utf16le', 'utf16be', 'gbk', 'gb18030'] as const
export type Encoding = (typeof ENCODINGS)[number]

/** An encoding, or `'auto'` for detection. */
export type EncodingOption = Encoding | 'auto'

/** Accepted spellings, after lower-casing and removing `-` and `_`. */
const ENCODING_ALIASES: ReadonlyMap<string, EncodingOption> = new Map<string, EncodingOption>([
  ['auto', 'auto'],
  ['utf8', 'utf8'],
  ['utf16le', 'utf16le'],
  ['ucs2', 'utf16le'],
  ['utf16be', 'utf16be'],
  ['gbk', 'gbk'],
  ['cp936', 'gbk'],
  ['gb2312', 'gbk'],
  ['gb18030', 'gb18030'],
])

/**
 * Parses an encoding name given by a user (`'UTF-8'`, `'gbk'`, `'GB18030'`, `'auto'`).
 *
 * @param name The name; case, `-` and `_` are ignored. GB2312 and CP936 read as GBK.
 *
 * @returns The canonical encoding, or `'auto'`.
 *
 * @throws MatchError `INVALID_OPTION` naming the value and the accepted names.
 */
export function parseEncoding(name: unknown): EncodingOption {
  if (typeof name === 'string') {
    const found = ENCODING_ALIASES.get(name.toLowerCase().replace(/[-_\s]/g, ''))
    if (found !== undefined) return found
  }
  return invalidOption('encoding', name, `must be one of auto, ${ENCODINGS.join(', ')}`)
}

/** What {@link detectEncoding} found and why. */
export interface EncodingDetection {
  readonly encoding: Encoding
  /** `bom`, `utf16-nul` (NUL bytes in alternate positions), `ascii`, `utf8` or `gb18030`. */
  readonly reason: 'bom' | 'utf16-nul' | 'ascii' | 'utf8' | 'gb18030'
  /** Bytes of the BOM at the start of the input (0 when there is none). */
  readonly bomLength: number
}

/**
 * How many bytes detection looks at after the first non-ASCII byte. 64 KiB holds thousands
 * of Chinese characters; the chance that GBK text of that length is valid UTF-8 is nil.
 */
export const DETECTION_WINDOW = 64 * 1024

const UTF8_BOM = [0xef, 0xbb, 0xbf]

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b)
}

/** The BOM at the start of `bytes`, if any. */
function detectBom(bytes: Uint8Array): EncodingDetection | undefined {
  if (startsWith(bytes, UTF8_BOM)) return { encoding: 'utf8', reason: 'bom', bomLength: 3 }
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf16le', reason: 'bom', bomLength: 2 }
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf16be', reason: 'bom', bomLength: 2 }
  return undefined
}

/**
 * UTF-16 without BOM: ASCII text then has a NUL in every other byte. Needs 40% of the pairs
 * with a NUL on one side and almost none on the other; UTF-8 and GBK text has no NUL at all.
 */
function detectUtf16WithoutBom(bytes: Uint8Array): EncodingDetection | undefined {
  const pairs = Math.min(bytes.length, 4096) >> 1
  if (pairs < 2) return undefined
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++
    if (bytes[2 * i + 1] === 0) oddNul++
  }
  if (oddNul >= 0.4 * pairs && evenNul <= 0.05 * pairs) return { encoding: 'utf16le', reason: 'utf16-nul', bomLength: 0 }
  if (evenNul >= 0.4 * pairs && oddNul <= 0.05 * pairs) return { encoding: 'utf16be', reason: 'utf16-nul', bomLength: 0 }
  return undefined
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

/**
 * Classifies a window of bytes that starts at a character boundary and holds no BOM: UTF-8
 * (allowing one invalid sequence per {@link UTF8_MIN_VALID_PER_INVALID} valid ones), else GB18030.
 *
 * A very short GBK text can be valid UTF-8 by accident (`石墨烯` in GBK is `CA AF C4 AB CF A9`,
 * valid UTF-8 for `ʯīϩ`); a GBK line of a dozen Chinese characters practically never is. For
 * a file of a few characters, pass the encoding.
 */
function classifyWindow(window: Uint8Array, complete: boolean): EncodingDetection {
  const { valid, invalid } = countUtf8Sequences(window, complete)
  // A UTF-8 export with a few stray bytes (a cut paste, a byte from another encoding) is still
  // UTF-8: its bad bytes decode as U+FFFD and the rows holding them are rejected. GBK text has
  // invalid sequences at a good fraction of its characters, far above this ratio.
  if (invalid === 0 || valid >= UTF8_MIN_VALID_PER_INVALID * invalid) return { encoding: 'utf8', reason: 'utf8', bomLength: 0 }
  return { encoding: 'gb18030', reason: 'gb18030', bomLength: 0 }
}

/** Valid multibyte UTF-8 sequences needed per invalid one for a window to read as UTF-8. */
const UTF8_MIN_VALID_PER_INVALID = 50

/**
 * Counts the valid multibyte UTF-8 sequences of a window and its invalid ones (a byte that
 * starts no valid sequence, counted once per run of such bytes). A sequence cut by the window
 * end counts as valid unless the window is the whole text. Strict as TextDecoder is: no
 * overlong forms, no surrogates, nothing above U+10FFFF.
 */
function countUtf8Sequences(bytes: Uint8Array, complete: boolean): { valid: number; invalid: number } {
  let valid = 0
  let invalid = 0
  let inBadRun = false
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      inBadRun = false
      continue
    }
    let length = 0
    let low = 0x80
    let high = 0xbf
    if (b >= 0xc2 && b <= 0xdf) length = 2
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3
      if (b === 0xe0) low = 0xa0
      if (b === 0xed) high = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4
      if (b === 0xf0) low = 0x90
      if (b === 0xf4) high = 0x8f
    }
    let ok = length > 0
    let end = i + 1
    for (let k = 1; ok && k < length; k++, end++) {
      if (end >= bytes.length) {
        ok = !complete
        break
      }
      const c = bytes[end]!
      if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) ok = false
    }
    if (ok) {
      valid++
      inBadRun = false
      i = end
    } else {
      if (!inBadRun) invalid++
      inBadRun = true
      i++
    }
  }
  return { valid, invalid }
}

/**
 * Detects the encoding of the start of a text.
 *
 * @param bytes The first bytes of the text (the whole text when `complete`).
 * @param complete Whether `bytes` is the whole text; when false, a multibyte character cut at
 * the end is not held against UTF-8.
 *
 * @returns The encoding, the reason and the BOM length. Pure ASCII reads as UTF-8.
 */
export function detectEncoding(bytes: Uint8Array, complete = true): EncodingDetection {
  const bom = detectBom(bytes)
  if (bom) return bom
  const utf16 = detectUtf16WithoutBom(bytes)
  if (utf16) return utf16
  const start = firstNonAscii(bytes)
  if (start < 0) return { encoding: 'utf8', reason: 'ascii', bomLength: 0 }
  return classifyWindow(bytes.subarray(start, start + DETECTION_WINDOW), complete && start + DETECTION_WINDOW >= bytes.length)
}

function ioError(path: string, error: unknown): MatchError {
  const detail = error instanceof Error ? error.message : String(error)
  return new MatchError('IO', `cannot read ${path}: ${detail}`, { cause: error })
}

/**
 * Detects the encoding of a file without reading it into memory.
 *
 * Reads the first 64 KiB; if they are all ASCII, scans on to the first non-ASCII byte (which
 * is a lead byte in UTF-8 and GBK alike, so the window starts at a character boundary) and
 * classifies the 64 KiB from there. A pure-ASCII file is read through once.
 *
 * @param path The file.
 *
 * @returns The detection; an empty file reads as ASCII UTF-8.
 *
 * @throws MatchError `IO` when the file cannot be read, with the fs error as `cause`.
 */
export async function detectFileEncoding(path: string): Promise<EncodingDetection> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw ioError(path, error)
  }
  try {
    const head = Buffer.alloc(DETECTION_WINDOW)
    const { bytesRead } = await handle.read(head, 0, DETECTION_WINDOW, 0)
    const first = head.subarray(0, bytesRead)
    const early = detectBom(first) ?? detectUtf16WithoutBom(first)
    if (early) return early
    let position = 0
    let chunk = first
    for (;;) {
      const at = firstNonAscii(chunk)
      if (at >= 0) {
        const window = Buffer.alloc(DETECTION_WINDOW)
        const read = await handle.read(window, 0, DETECTION_WINDOW, position + at)
        const complete = read.bytesRead < DETECTION_WINDOW
        return classifyWindow(window.subarray(0, read.bytesRead), complete)
      }
      if (chunk.length < DETECTION_WINDOW) return { encoding: 'utf8', reason: 'ascii', bomLength: 0 }
      position += chunk.length
      const next = Buffer.alloc(DETECTION_WINDOW)
      const read = await handle.read(next, 0, DETECTION_WINDOW, position)
      chunk = next.subarray(0, read.bytesRead)
    }
  } catch (error) {
    throw ioError(path, error)
  } finally {
    await handle.close()
  }
}

/**
 * Decodes a file chunk by chunk: memory stays at one chunk (64 KiB) whatever the file size.
 *
 * A BOM is dropped. Bytes invalid in the encoding decode as U+FFFD (iconv-lite's behaviour);
 * readers count the lines that hold one.
 *
 * @param path The file.
 * @param encoding The encoding (already detected or chosen).
 *
 * @returns The decoded text, in chunks that may cut a line but never a character.
 *
 * @throws MatchError `IO` when the file cannot be read.
 */
export async function* decodeFile(path: string, encoding: Encoding): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true })
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 })
  let first = true
  // A high surrogate held back so that no chunk ends inside a surrogate pair (UTF-16 input).
  let held = ''
  const take = (decoded: string): string => {
    let text = held + decoded
    held = ''
    if (first && text.length > 0) {
      // GB18030 has no BOM handling in iconv-lite; a stray U+FEFF left by an editor goes too.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const last = text.charCodeAt(text.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) {
      held = text.slice(-1)
      text = text.slice(0, -1)
    }
    return text
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = take(decoder.write(chunk))
      if (text.length > 0) yield text
    }
  } catch (error) {
    throw error instanceof MatchError ? error : ioError(path, error)
  } finally {
    stream.destroy()
  }
  const rest = take(decoder.end() ?? '') + held
  if (rest.length > 0) yield rest
}

/**
 * Resolves `'auto'` (or an unset option) by detection, and validates an explicit encoding.
 *
 * @param path The file.
 * @param option The encoding option as given by the caller.
 *
 * @returns The encoding to decode with.
 *
 * @throws MatchError `INVALID_OPTION` for an unknown name; `IO` when the file cannot be read.
 */
export async function resolveFileEncoding(path: string, option: unknown = 'auto'): Promise<Encoding> {
  const parsed = parseEncoding(option)
  return parsed === 'auto' ? (await detectFileEncoding(path)).encoding : parsed
}
