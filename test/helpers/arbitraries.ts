/**
 * fast-check arbitraries of text for the tokenize tests, biased to the edges: all-Chinese,
 * all-Latin and mixed text, full-width digits, astral ideographs, emoji, combining marks,
 * zero-width characters and lone surrogates. Imported by tests only.
 *
 * @internal
 */
import fc from 'fast-check'

const PIECES = [
  '石墨烯', '增材制造', '钛合金', '热障涂层', '磷酸铁锂', '滴灌', '猕猴桃', '烟气消白', '生物质', '微生物', '质量',
  '的', '和', '了', '中国科学院', '加热原料', '不锈钢', '304不锈钢', '304', '5G', '5g', 'YOLOv5', 'PM2.5', '1-MCP', 'CO₂',
  'co2', '2.5', 'Ti-6Al-4V', 'c++', 'gb/t', 'abc', 'Σίσυφος', 'İ', 'ß', 'é', 'e\u0301', '\u0301', '０１２', 'ＡＢＣ', '５Ｇ',
  '，', '。', '、', '（', '）', '.', '-', '..', '--', ' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u200b', '\u200d',
  '\ufeff', '\u0000', '\u0085', '😀', '👨‍👩‍👧', '🇨🇳', '𠀀', '𪚥', 'カタカナ', '한국어', '〇', '々', '\ud800', '\udfff', '≥', '℃', '①', '㎡',
]

/** Strings assembled from domain words, alphanumerics and awkward characters. */
export const mixedText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 24 })
  .map((parts) => parts.join(''))

/** Any string at all: graphemes, arbitrary code points, lone surrogates, and the mixed pieces. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), fc.constantFrom(...PIECES)) }),
  mixedText,
)
