/**
 * Re-creating an analyzer from its spec (see Analyzer.spec), as a worker thread must: analyzers
 * are objects with closures and a native dictionary, so threads exchange their description.
 */
import { invariant } from '../errors.js'
import type { Analyzer, AnalyzerSpec } from '../tokenize/analyzer-types.js'
import { createAnalyzer, type AnalyzerOptions } from '../tokenize/analyzer.js'
import { createCharAnalyzer } from './document-index.js'

/** The analyzer a spec describes. */
export function analyzerFromSpec(spec: AnalyzerSpec): Analyzer {
  if (spec.type === 'chars') return createCharAnalyzer()
  invariant(spec.type === 'analyzer', `unknown analyzer spec ${JSON.stringify(spec)}`)
  return createAnalyzer(spec.options as AnalyzerOptions)
}
