/**
 * Explanation trees, Lucene style: how a score was built, for people and for tests.
 */

/** One node of an explanation: a value, what it is, and the values it was made of. */
export interface Explanation {
  readonly value: number
  readonly description: string
  readonly details: readonly Explanation[]
}

/** Creates an explanation node. */
export function explanation(value: number, description: string, details: readonly Explanation[] = []): Explanation {
  return { value, description, details }
}

/**
 * Renders an explanation as indented text, one node a line, values to 4 decimals.
 *
 * @example
 * formatExplanation(explanation(1.5, 'sum of:', [explanation(1.5, 'weight(石墨烯)')]))
 * // '1.5000 sum of:\n  1.5000 weight(石墨烯)'
 */
export function formatExplanation(node: Explanation, indent = 0): string {
  const line = `${' '.repeat(indent)}${node.value.toFixed(4)} ${node.description}`
  return [line, ...node.details.map((d) => formatExplanation(d, indent + 2))].join('\n')
}
