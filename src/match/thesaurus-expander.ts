/**
 * The thesaurus as a query expander: phrases of the need (冒白烟, 糖友, 披锋) bring in the
 * technical terms they stand for (烟气消白, 糖尿病患者, 飞边), analysed like the index's text
 * and added to the word channel at a reduced weight.
 *
 * weight(t) = weight · max over the hits that yield t of (2 if the hit is in the title, else 1)
 */
import type { Thesaurus } from '../thesaurus/thesaurus.js'
import type { Analyzer } from '../tokenize/analyzer-types.js'
import { normalize } from '../tokenize/normalize.js'
import type { AnyRecord } from '../types.js'
import type { ExpansionTerm, QueryExpander, QueryExpansion } from './text-channels.js'

/**
 * Creates a query expander from a thesaurus.
 *
 * @param thesaurus The phrases and their expansions (see `createThesaurus`).
 * @param analyzer The index's analyzer, so expansion terms agree with indexed terms.
 * @param weight The weight of an expansion term relative to a query term found in a body field.
 */
export function createThesaurusExpander(thesaurus: Thesaurus, analyzer: Analyzer, weight: number): QueryExpander {
  // Expansion phrases recur across queries: analyse each once.
  const analyzed = new Map<string, string[]>()
  return (normalizedText: string, _fields, query: AnyRecord): QueryExpansion => {
    if (weight <= 0) return { terms: [], phrases: [] }
    const title = normalize(typeof query.title === 'string' ? query.title : '')
    const out = new Map<string, ExpansionTerm>()
    const phrases = new Map<string, number>()
    const termsOf = (phrase: string) => {
      let terms = analyzed.get(phrase)
      if (!terms) analyzed.set(phrase, (terms = analyzer.analyze(phrase).filter((t) => t.length >= 2)))
      return terms
    }
    for (const hit of thesaurus.expand(normalizedText)) {
      const boost = title.includes(hit.phrase) ? 2 : 1
      for (const phrase of hit.expansions) {
        phrases.set(phrase, Math.max(phrases.get(phrase) ?? 0, weight * boost))
        for (const term of termsOf(phrase)) {
          const w = weight * boost
          const previous = out.get(term)
          if (!previous || previous.weight < w) out.set(term, { term, weight: w, source: 'thesaurus', from: hit.phrase, to: phrase })
        }
      }
    }
    return {
      terms: [...out.values()].sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)),
      phrases: [...phrases].map(([phrase, w]) => ({ phrase, weight: w })),
    }
  }
}
