/**
 * Text normalization: the first step of every analyzer, applied to documents and queries alike
 * so that `ＣＯ₂`, `CO2` and `co2` become the same term.
 */

// Lone surrogates (\p{Cs} only matches unpaired halves under the `u` flag), control characters
// other than whitespace, and format characters (\p{Cf}: zero-width space/joiners, BOM, soft
// hyphen, bidi marks). They carry no text and would split terms: `石墨\u200B烯`.
const INVISIBLE = /[\p{Cs}\p{Cf}]|(?![\t\n\v\f\r\x85])\p{Cc}/gu
// The whitespace that survives: NFKC already maps U+3000 and U+00A0 to ' '. U+0085 (NEL) is a
// control character that String.prototype.trim and \s treat as a line break.
const WHITESPACE_RUN = /[\s\x85]+/g
// Fast path: printable ASCII without upper case or doubled/edge spaces needs nothing.
const NEEDS_WORK = /[^\x21-\x40\x5B-\x7E ]| {2}|^ | $/

/**
 * Normalizes text for analysis: NFKC, lower case, invisible characters removed, whitespace
 * collapsed.
 *
 * Steps, in order: remove lone surrogates, control characters (except whitespace) and
 * zero-width/format characters; NFKC (full-width → half-width, `CO₂` → `CO2`, `①` → `1`,
 * `㎡` → `m2`, compatibility ideographs → unified ones); lower case (all scripts, not only Latin);
 * every whitespace run → one space; trim.
 *
 * Idempotent: `normalize(normalize(x)) === normalize(x)`. Never throws, for any string.
 * Offsets of tokens refer to the normalized text, never to the input.
 *
 * @param text The raw text; any string, including lone surrogates.
 *
 * @returns The normalized text (possibly empty).
 *
 * @example
 * normalize('ＣＯ₂  捕集\u200B技术') // => 'co2 捕集技术'
 */
export function normalize(text: string): string {
  if (!NEEDS_WORK.test(text)) return text
  let out = text.replace(INVISIBLE, '').normalize('NFKC')
  const lower = out.toLowerCase()
  // Lower-casing can leave a string that is not NFKC (e.g. 'İ' → 'i̇'); normalize once more.
  if (lower !== out) out = lower.normalize('NFKC')
  return out.replace(WHITESPACE_RUN, ' ').trim()
}
