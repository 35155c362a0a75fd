/**
 * Code points of a stretch of text with their UTF-16 offsets: how the jieba segmenters see a
 * CJK run (cppjieba works on code points; duijie reports offsets in the JavaScript string).
 */

/**
 * Decodes `text.slice(start, end)` into `runes` (code points; a surrogate pair is one) and
 * `units` (the offset of each in `text`, then `end`).
 *
 * @param runes Room for at least `end - start` code points.
 * @param units Room for at least `end - start + 1` offsets.
 * @returns The number of code points.
 */
export function decodeRunes(text: string, start: number, end: number, runes: Int32Array, units: Int32Array): number {
  let n = 0
  for (let i = start; i < end; ) {
    const rune = text.codePointAt(i)!
    units[n] = i
    runes[n++] = rune
    i += rune > 0xffff ? 2 : 1
  }
  units[n] = end
  return n
}
