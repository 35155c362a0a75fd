import type { Analyzer } from '../../src/tokenize/analyzer-types.js'
import type { Token } from '../../src/tokenize/tokenizer.js'

/**
 * A test double: terms are the whitespace-separated words of the text. Lets index and match
 * tests state corpora term by term, independent of jieba's dictionary.
 */
export function whitespaceAnalyzer(): Analyzer {
  const tokens = (text: string): Token[] => {
    const out: Token[] = []
    for (const m of text.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length, position: out.length })
    return out
  }
  return { name: 'whitespace', analyze: (text) => tokens(text).map((t) => t.text), tokens, addWords: () => {} }
}
