/**
 * The Tokenizer contract: text in, tokens with offsets out. A tokenizer segments; it does not
 * normalize or filter (the analyzer does). Implementations: jieba words, character n-grams.
 */

/** A term plus where it stands in the text it was cut from. */
export interface Token {
  /** The token's text, exactly `text.slice(start, end)` of the tokenized input. */
  readonly text: string
  /** UTF-16 offset of the first code unit. */
  readonly start: number
  /** UTF-16 offset one past the last code unit. */
  readonly end: number
  /** 0-based position of the token in the token stream. */
  readonly position: number
}

/** Cuts text into tokens. Pure with respect to its input; may hold a dictionary. */
export interface Tokenizer {
  /** A short stable name, stored in snapshots (`jieba`, `bigram`). */
  readonly name: string
  /** Cuts `text` into tokens, in order, covering no whitespace. */
  tokenize(text: string): Token[]
}
